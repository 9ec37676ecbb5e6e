package org.vdpacompute.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UniformListsTest {

  @Test
  void copiesOfEveryLengthShareOneClass() {
    List<Class<?>> classes = new ArrayList<>();
    for (int n = 0; n <= 4; n++) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < n; i++) items.add("item" + i);
      List<String> copy = UniformLists.copyOf(items);
      assertThat(copy).isEqualTo(items);
      classes.add(copy.getClass());
    }
    assertThat(classes).containsOnly(classes.get(0));
    // What List.copyOf does, and why this class exists: one class for one or two elements, another for more.
    assertThat(List.copyOf(List.of("a")).getClass()).isNotEqualTo(List.copyOf(List.of("a", "b", "c")).getClass());
  }

  @Test
  void theCopyIsUnmodifiableAndDoesNotFollowItsSource() {
    List<String> source = new ArrayList<>(List.of("a", "b"));
    List<String> copy = UniformLists.copyOf(source);
    source.set(0, "changed");
    source.add("c");
    assertThat(copy).containsExactly("a", "b");
    assertThatThrownBy(() -> copy.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesNullElementsAsListCopyOfDoes() {
    assertThatThrownBy(() -> UniformLists.copyOf(Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
  }
}
