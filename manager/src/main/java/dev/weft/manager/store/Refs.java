package dev.weft.manager.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Finds an object the way Docker resolves a reference: by full id, by name, or by a unique id prefix. */
final class Refs {
  private Refs() {}

  /**
   * @param kind what the objects are, for messages ("network", "service")
   * @throws NoSuchElementException if nothing matches
   * @throws IllegalArgumentException if the reference is a prefix of several ids
   */
  static <T> T find(Collection<T> sorted, Function<T, String> id, Function<T, String> name, String ref, String kind) {
    List<T> prefixed = new ArrayList<>();
    for (T item : sorted) {
      if (id.apply(item).equals(ref) || name.apply(item).equals(ref)) {
        return item;
      }
      if (!ref.isEmpty() && id.apply(item).startsWith(ref)) {
        prefixed.add(item);
      }
    }
    if (prefixed.size() == 1) {
      return prefixed.get(0);
    }
    if (prefixed.isEmpty()) {
      throw new NoSuchElementException(kind + " " + ref + " not found");
    }
    throw new IllegalArgumentException(kind + " " + ref + " is ambiguous: give more of its id or its name");
  }
}
