package dev.weft.agent.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RpsMaskTest {
  @Test
  void selectsEveryCpuInTheKernelsFormat() {
    assertEquals("1", RpsMask.allCpus(1));
    assertEquals("3", RpsMask.allCpus(2));
    assertEquals("ff", RpsMask.allCpus(8));
    assertEquals("ffffffff", RpsMask.allCpus(32));
    assertEquals("1,ffffffff", RpsMask.allCpus(33));
    assertEquals("ffffffff,ffffffff,ffffffff", RpsMask.allCpus(96));
    assertThrows(IllegalArgumentException.class, () -> RpsMask.allCpus(0));
  }
}
