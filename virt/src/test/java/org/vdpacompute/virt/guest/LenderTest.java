package org.vdpacompute.virt.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LenderTest {

  /** A lender of plain objects that counts how many it made. */
  private static Lender<Object> counting(AtomicInteger made) {
    return new Lender<>(() -> {
      made.incrementAndGet();
      return new Object();
    });
  }

  @Test
  void whatIsGivenBackIsLentAgainInsteadOfMakingAnother() {
    AtomicInteger made = new AtomicInteger();
    Lender<Object> lender = counting(made);
    Object first = lender.take();
    lender.giveBack(first);

    assertThat(lender.take()).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void nothingIsLentToTwoAtOnce() {
    Lender<Object> lender = new Lender<>(Object::new);
    Object one = lender.take();
    Object other = lender.take();

    assertThat(other).isNotSameAs(one);
  }

  @Test
  void aBurstLeavesNoMoreIdleThanTheLimit() {
    AtomicInteger made = new AtomicInteger();
    Lender<Object> lender = counting(made);
    List<Object> burst = new ArrayList<>();
    for (int i = 0; i < Lender.MAX_IDLE + 10; i++) burst.add(lender.take());
    burst.forEach(lender::giveBack);

    Set<Object> lentAgain = new HashSet<>();
    for (int i = 0; i < Lender.MAX_IDLE + 10; i++) lentAgain.add(lender.take());
    assertThat(lentAgain).hasSize(Lender.MAX_IDLE + 10);
    assertThat(made).as("the idle ones kept, then ten new").hasValue(Lender.MAX_IDLE + 20);
  }

  @Test
  void documentsParsedAndWrittenOnManyThreadsAtOnceComeOutWhole() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> written = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String name = "guest-" + i;
        written.add(threads.submit(() -> Xml.write(Xml.parse("<domain><name>" + name + "</name></domain>"))));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(written.get(i).get()).isEqualTo("<domain>\n  <name>guest-" + i + "</name>\n</domain>\n");
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
