package io.quant.core.plugin;

import static java.util.Objects.requireNonNull;

import io.quant.api.Plugin;
import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.core.text.OneLine;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds every quantizer, calibrator and op: first on the class path, then in each jar of each plugin
 * directory, one class loader per jar (Trino's PluginManager). Plugins come only from those two places,
 * never from the working directory unless the user names it.
 *
 * <p>Providers are loaded one by one and every failure is caught, so that one broken provider or jar is
 * reported (see {@link PluginRegistry#problems()}) and all the others still load.
 */
public final class PluginDiscovery {
    /** The environment variable that lists plugin directories, separated as the class path is. */
    public static final String PLUGIN_PATH_ENV = "QUANT_PLUGIN_PATH";

    private final ClassLoader apiLoader = Plugin.class.getClassLoader();
    private final Inventory inventory = new Inventory();

    private PluginDiscovery() {}

    /** Plugins from the class path (the loader of quant-api) and from every jar in {@code pluginDirs}. */
    public static DefaultPluginRegistry discover(List<Path> pluginDirs) {
        return discover(Plugin.class.getClassLoader(), pluginDirs);
    }

    /**
     * As {@link #discover(List)}, with {@code classPath} standing for the class path; plugin jars still get
     * the loader of quant-api as parent.
     *
     * @throws UsageException for a plugin directory that does not exist or is not a directory
     */
    public static DefaultPluginRegistry discover(ClassLoader classPath, List<Path> pluginDirs) {
        requireNonNull(classPath, "classPath is null");
        requireNonNull(pluginDirs, "pluginDirs is null");
        PluginDiscovery discovery = new PluginDiscovery();
        discovery.loadAll(classPath, "the class path");
        for (Path dir : directories(pluginDirs)) {
            for (Path jar : jars(dir)) {
                discovery.loadJar(jar);
            }
        }
        return discovery.inventory.build();
    }

    /**
     * The directories of a {@value #PLUGIN_PATH_ENV} value ({@code dir1:dir2}, {@code ;} on Windows). Empty
     * entries are skipped: an empty entry would otherwise mean the working directory.
     */
    public static List<Path> parsePluginPath(String value) {
        if (value == null) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator, -1)) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry.strip()));
            }
        }
        return List.copyOf(dirs);
    }

    private void loadJar(Path jar) {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // opened only to report a corrupt jar, which URLClassLoader would silently skip
        } catch (IOException | SecurityException e) {
            inventory.problem(PluginProblem.Reason.BAD_JAR, "cannot open plugin jar " + jar + ": " + Messages.describe(e));
            return;
        }
        // never closed: the plugins it loads are used until the JVM exits
        loadAll(new PluginClassLoader(jar, apiLoader), jar.getFileName().toString());
    }

    private void loadAll(ClassLoader loader, String where) {
        for (PluginKind kind : PluginKind.values()) {
            load(kind, kind.spi(), loader, where);
        }
    }

    private <S extends Plugin> void load(PluginKind kind, Class<S> spi, ClassLoader loader, String where) {
        Map<String, Origin> declared = declared(loader, servicesFile(spi));
        Set<String> accounted = new HashSet<>();
        Iterator<ServiceLoader.Provider<S>> providers = ServiceLoader.load(spi, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<S> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (Throwable t) {
                // the class named in a services file did not load; ServiceLoader moves on to the next name
                Messages.rethrowIfFatal(t);
                String culprit = blame(t, declared, accounted);
                if (culprit == null) {
                    // nothing left to blame: give up on this loader rather than risk failing forever
                    inventory.problem(PluginProblem.Reason.LOAD_FAILURE, "cannot load " + kind.displayName()
                            + " providers from " + where + ": " + reason(t, spi));
                    return;
                }
                accounted.add(culprit);
                inventory.loadFailure(kind, culprit, declared.get(culprit), reason(t, spi));
                continue;
            }
            Class<? extends S> type = provider.type();
            accounted.add(type.getName());
            Origin origin = Origin.of(type);
            S plugin;
            try {
                plugin = provider.get();
            } catch (Throwable t) {
                Messages.rethrowIfFatal(t);
                inventory.loadFailure(kind, type.getName(), origin, reason(t, spi));
                continue;
            }
            inventory.add(kind, plugin, origin);
        }
    }

    /**
     * The provider class names that {@code loader}'s services files list, in ServiceLoader's order, each
     * with the jar that lists it: the only way to say which jar a class that does not load came from.
     */
    private static Map<String, Origin> declared(ClassLoader loader, String servicesFile) {
        Map<String, Origin> declared = new LinkedHashMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(servicesFile))) {
                Origin origin = Origin.ofResource(url, servicesFile);
                for (String className : providerNames(url)) {
                    declared.putIfAbsent(className, origin);
                }
            }
        } catch (IOException e) {
            // ServiceLoader meets the same error and reports it
        }
        return declared;
    }

    private static List<String> providerNames(URL url) {
        List<String> names = new ArrayList<>();
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // as ServiceLoader: a jar rewritten in place must be read anew
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    int comment = line.indexOf('#');
                    String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            // ServiceLoader meets the same error and reports it
        }
        return names;
    }

    /**
     * Which declared provider a loading error is about: ServiceLoader names the class in its messages
     * (or its cause's); failing that, the next name it had not reached, since it reads names in order.
     */
    private static String blame(Throwable error, Map<String, Origin> declared, Set<String> accounted) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        String messages = text.toString().replace('/', '.');
        String named = null;
        String next = null;
        for (String className : declared.keySet()) {
            if (accounted.contains(className)) {
                continue;
            }
            if (next == null) {
                next = className;
            }
            if (mentions(messages, className) && (named == null || className.length() > named.length())) {
                named = className;
            }
        }
        return named != null ? named : next;
    }

    private static boolean mentions(String text, String className) {
        for (int at = text.indexOf(className); at >= 0; at = text.indexOf(className, at + 1)) {
            int end = at + className.length();
            boolean startsWord = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1)) && text.charAt(at - 1) != '.';
            boolean endsWord = end == text.length() || !Character.isJavaIdentifierPart(text.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    /** Why a provider did not load, in a few words; the class and jar are named by the caller. */
    private static String reason(Throwable t, Class<?> spi) {
        if (!(t instanceof ServiceConfigurationError)) {
            return Messages.describe(t);
        }
        Throwable cause = t.getCause();
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (message.startsWith(spi.getName() + ": ")) {
            message = message.substring(spi.getName().length() + 2);
        }
        int file = message.indexOf(servicesFile(spi) + ":");
        if (file >= 0) {
            // a services file that does not parse: "jar:file:/x/acme.jar!/META-INF/services/S:1: Illegal ..."
            String rest = message.substring(file + servicesFile(spi).length() + 1);
            int colon = rest.indexOf(": ");
            return colon < 0
                    ? servicesFile(spi) + ": " + rest
                    : "line " + rest.substring(0, colon) + " of " + servicesFile(spi) + ": " + rest.substring(colon + 2);
        }
        if (cause instanceof ClassNotFoundException || message.endsWith(" not found")) {
            return "class not found";
        }
        if (cause instanceof NoSuchMethodException) {
            return "no public no-argument constructor";
        }
        if (message.endsWith(" not a subtype")) {
            return "not a subtype of " + spi.getName();
        }
        if (message.endsWith(" could not be instantiated") && cause != null) {
            return cause instanceof ExceptionInInitializerError
                    ? Messages.describe(cause)
                    : "constructor threw " + Messages.describe(cause);
        }
        return cause != null ? Messages.describe(cause) : OneLine.join(message);
    }

    private static String servicesFile(Class<?> spi) {
        return "META-INF/services/" + spi.getName();
    }

    /** The plugin directories, each once, checked to exist. */
    private static List<Path> directories(List<Path> pluginDirs) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path dir : pluginDirs) {
            requireNonNull(dir, "plugin directory is null");
            if (!Files.exists(dir)) {
                throw new UsageException("plugin directory " + dir + " does not exist");
            }
            if (!Files.isDirectory(dir)) {
                throw new UsageException("plugin directory " + dir + " is not a directory");
            }
            try {
                dirs.add(dir.toRealPath());
            } catch (IOException e) {
                throw new QuantException("cannot read plugin directory " + dir + ": " + Messages.describe(e), e);
            }
        }
        return List.copyOf(dirs);
    }

    /** The jars of one directory, by file name, so that discovery (and its messages) does not vary by file system. */
    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new QuantException("cannot list plugin directory " + dir + ": " + Messages.describe(e), e);
        }
    }
}
