package org.vdpacompute.store.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Behind {@link EachDatabase}: one invocation per database kind, each with its own database. */
final class EachDatabaseExtension implements TestTemplateInvocationContextProvider {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EachDatabaseExtension.class);

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    // Only the annotated method: a class may hold other templates, parameterised tests among them.
    return context.getTestMethod()
        .map(method -> AnnotationSupport.isAnnotated(method, EachDatabase.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return Stream.of(TestDatabase.Kind.values()).map(Invocation::new);
  }

  private record Invocation(TestDatabase.Kind kind) implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return kind.toString();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Resolver(kind));
    }
  }

  /**
   * Gives the test (and its {@code @BeforeEach} methods, which share its context) one database,
   * created on first request and released when the test's context closes.
   */
  private record Resolver(TestDatabase.Kind kind) implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getStore(NAMESPACE)
          .getOrComputeIfAbsent(Released.class, key -> new Released(create(kind)), Released.class)
          .database();
    }

    private static TestDatabase create(TestDatabase.Kind kind) {
      return switch (kind) {
        case H2 -> {
          Path file = H2TestFiles.freshDatabase();
          yield new TestDatabase(kind, H2TestFiles.url(file), () -> H2TestFiles.deleteDatabase(file));
        }
        case POSTGRESQL -> {
          PostgresServer server = PostgresServer.shared();
          String name = server.createDatabase();
          yield new TestDatabase(kind, server.url(name), () -> server.dropDatabase(name));
        }
      };
    }
  }

  /** Releases the database when JUnit closes the test's store. */
  private record Released(TestDatabase database) implements CloseableResource {
    @Override
    public void close() {
      database.release();
    }
  }
}
