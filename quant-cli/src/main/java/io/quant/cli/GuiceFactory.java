package io.quant.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import com.google.inject.Key;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Lets Guice create the commands (picocli's "Guice Example"), so that a command gets what it needs in its
 * constructor and never creates a plugin itself. {@code injector} supplies the one injector of the run (Main
 * creates it once, ahead, and supplies it with {@code CompletableFuture::join}): the factory asks for it at
 * every object and keeps none. What the injector does not bind (collections, converters, picocli's own
 * helpers) picocli creates as usual: with explicit bindings required, Guice would refuse them.
 */
final class GuiceFactory implements CommandLine.IFactory {
    private final Supplier<Injector> injector;

    GuiceFactory(Supplier<Injector> injector) {
        this.injector = requireNonNull(injector, "injector is null");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Injector current = injector.get();
        if (current.getExistingBinding(Key.get(type)) != null) {
            return current.getInstance(type);
        }
        return CommandLine.defaultFactory().create(type);
    }
}
