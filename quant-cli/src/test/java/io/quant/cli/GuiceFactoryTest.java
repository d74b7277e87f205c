package io.quant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.google.inject.Injector;
import io.quant.core.plugin.PluginRegistry;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

final class GuiceFactoryTest {
    private final Injector injector = CliRun.injector(mock(PluginRegistry.class));

    @Test
    void commandsComeFromTheInjectorAndEverythingElseFromPicocli() throws Exception {
        GuiceFactory factory = new GuiceFactory(() -> injector);

        PluginsCommand command = factory.create(PluginsCommand.class);

        assertThat(command.registry()).isSameAs(injector.getInstance(PluginRegistry.class));
        // not bound: picocli's default factory makes it, as it makes the lists that options collect into
        assertThat(factory.create(ArrayList.class)).isEmpty();
    }

    @Test
    void everySubcommandOfQuantIsBound() {
        for (Class<?> subcommand : QuantCommand.class.getAnnotation(Command.class).subcommands()) {
            assertThat(injector.getExistingBinding(com.google.inject.Key.get(subcommand))).as(subcommand.getName()).isNotNull();
        }
    }
}
