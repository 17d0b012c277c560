package io.ipc4j;

import io.ipc4j.mmap.MmapProvider;
import io.ipc4j.netty.NettyTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The three library modules as named modules, the way the module path loads them: they
 * resolve with Netty, Kryo and SLF4J as modules, ipc-core finds both transports through
 * {@code uses}/{@code provides}, exports only its API and SPI, and Kryo may reflect into
 * the handles it sends. The tests run on the class path, so this builds a module layer.
 */
@Timeout(60)
class ModuleLayerTest {
    private static final List<String> DEPENDENCY_JARS =
            List.of("netty-", "kryo-", "objenesis-", "minlog-", "reflectasm-", "slf4j-api-", "agrona-");

    @Test
    void descriptorsExportOnlyTheApiAndTheSpiAndBindBothTransports() {
        Configuration cf = resolve();
        Set<String> resolved = cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertTrue(resolved.containsAll(Set.of("io.ipc4j.netty", "io.ipc4j.mmap")), resolved::toString);

        ModuleDescriptor core = descriptor(cf, "io.ipc4j.core");
        Map<String, Set<String>> exports = core.exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        // Internals only to the transports that build on them (ipc-chronicle is an automatic module).
        assertEquals(Map.of("io.ipc4j", Set.of(), "io.ipc4j.spi", Set.of(),
                "io.ipc4j.internal", Set.of("io.ipc4j.mmap", "io.ipc4j.chronicle"),
                "io.ipc4j.internal.wire", Set.of("io.ipc4j.chronicle")), exports);
        assertEquals(Set.of(), descriptor(cf, "io.ipc4j.netty").exports());
        assertEquals(Set.of(), descriptor(cf, "io.ipc4j.mmap").exports());
    }

    @Test
    void handlesTravelThroughKryoWhenIpc4jRunsAsModules() throws Exception {
        Configuration cf = resolve();
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(
                cf, List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
        ModuleLayer layer = controller.layer();
        Module core = layer.findModule("io.ipc4j.core").orElseThrow();
        // only so that this test can call the codec; what Kryo needs, the descriptors give
        controller.addExports(core, "io.ipc4j.internal.wire", ModuleLayerTest.class.getModule());
        controller.addOpens(core, "io.ipc4j.internal.process", ModuleLayerTest.class.getModule());
        ClassLoader loader = layer.findLoader("io.ipc4j.core");

        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                got.set(useIpc4j(loader, core));
            } catch (Throwable e) {
                got.set(e);
            }
        }, "in-module-layer");
        t.setContextClassLoader(loader);
        t.start();
        t.join();
        if (got.get() instanceof Throwable e) {
            throw new AssertionError("ipc4j failed as named modules", e);
        }
        assertEquals(List.of(42, 7), got.get());
    }

    /** Makes a context in the layer, and sends an mmap value and a queue handle through Kryo and back. */
    private static List<Object> useIpc4j(ClassLoader loader, Module core) throws Exception {
        Class<?> contextType = loader.loadClass("io.ipc4j.Context");
        assertSame(core, contextType.getModule());
        Class<?> codec = loader.loadClass("io.ipc4j.internal.wire.ObjectCodec");
        Object mp = call(contextType.getMethod("create"), null);
        try {
            call(codec.getMethod("warmUp"), null); // a lambda of ipc4j's own, through Kryo's closure serializer
            // the lambdas that bind a target's arguments, and the archive builder's target
            Method boundTargets = loader.loadClass("io.ipc4j.internal.process.BoundTargets").getDeclaredMethod("warmUp");
            boundTargets.setAccessible(true);
            call(boundTargets, null);
            Object builderTarget = call(loader.loadClass("io.ipc4j.internal.process.ArchiveWarmUp").getMethod("target"), null);
            Object builderTargetRead = call(codec.getMethod("fromBytes", byte[].class), null,
                    call(codec.getMethod("toBytes", Object.class), null, builderTarget));
            assertTrue(loader.loadClass("io.ipc4j.SerializableRunnable").isInstance(builderTargetRead));
            Object value = call(contextType.getMethod("intValue", int.class), mp, 42);
            Object queue = call(contextType.getMethod("queue"), mp);
            Object valueCopy = roundTrip(codec, value);
            Object queueCopy = roundTrip(codec, queue);
            Class<?> queueType = loader.loadClass("io.ipc4j.Queue");
            call(queueType.getMethod("put", Object.class), queue, 7);
            return List.of(call(loader.loadClass("io.ipc4j.IntValue").getMethod("get"), valueCopy),
                    call(queueType.getMethod("get"), queueCopy));
        } finally {
            call(contextType.getMethod("close"), mp);
        }
    }

    private static Object roundTrip(Class<?> codec, Object o) throws Exception {
        byte[] bytes = (byte[]) call(codec.getMethod("toBytes", Object.class), null, o);
        Object copy = call(codec.getMethod("fromBytes", byte[].class), null, (Object) bytes);
        assertSame(o.getClass(), copy.getClass());
        return copy;
    }

    private static Object call(Method m, Object target, Object... args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** ipc-core, ipc-netty and ipc-mmap as this build made them, with their dependencies, as modules. */
    private static Configuration resolve() {
        List<Path> paths = new ArrayList<>();
        for (Class<?> c : List.of(Context.class, NettyTransport.class, MmapProvider.class)) {
            paths.add(location(c));
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && DEPENDENCY_JARS.stream().anyMatch(name::startsWith)) {
                paths.add(Path.of(entry));
            }
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        return ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("io.ipc4j.core"));
    }

    private static ModuleDescriptor descriptor(Configuration cf, String name) {
        return cf.findModule(name).orElseThrow().reference().descriptor();
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
