package dev.weft.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MeshProbeTest {
  @Test
  void theTaskIsTheIdAfterTaskDash() {
    assertEquals("3fdajpe6pjf7f4bit2ktjwqq3",
        MeshProbe.task("HTTP/1.0 200 OK\r\n\r\nserved-by-h2\ntask-3fdajpe6pjf7f4bit2ktjwqq3\n"));
    assertEquals("abc", MeshProbe.task("task-abc"));
  }

  @Test
  void noTaskInAnErrorPageOrAnEmptyId() {
    assertNull(MeshProbe.task("HTTP/1.0 404 Not Found\r\n\r\n"));
    assertNull(MeshProbe.task("task-\n"));
    assertNull(MeshProbe.task(""));
  }
}
