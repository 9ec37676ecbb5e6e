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
    boolean migrated = context.getRequiredTestMethod().getAnnotation(EachDatabase.class).migrated();
    return Stream.of(TestDatabase.Kind.values()).map(kind -> new Invocation(kind, migrated));
  }

  private record Invocation(TestDatabase.Kind kind, boolean migrated) implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return kind.toString();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Resolver(kind, migrated));
    }
  }

  /**
   * Gives the test (and its {@code @BeforeEach} methods, which share its context) one database,
   * created on first request, migrated or empty as the test asked, and released when the test's
   * context closes.
   */
  private record Resolver(TestDatabase.Kind kind, boolean migrated) implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getStore(NAMESPACE)
          .getOrComputeIfAbsent(Released.class, key -> new Released(create(kind, migrated)), Released.class)
          .database();
    }

    private static TestDatabase create(TestDatabase.Kind kind, boolean migrated) {
      return switch (kind) {
        case H2 -> {
          Path file = migrated ? H2TestFiles.migratedDatabase() : H2TestFiles.freshDatabase();
          yield new TestDatabase(kind, H2TestFiles.url(file), () -> H2TestFiles.deleteDatabase(file));
        }
        case POSTGRESQL -> {
          PostgresServer server = PostgresServer.shared();
          String name = migrated ? server.createMigratedDatabase() : server.createDatabase();
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
