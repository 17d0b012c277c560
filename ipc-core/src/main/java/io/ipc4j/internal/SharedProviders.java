package io.ipc4j.internal;

import io.ipc4j.IpcException;
import io.ipc4j.Manager;
import io.ipc4j.internal.manager.ManagedObjects;
import io.ipc4j.spi.SharedObjects;
import io.ipc4j.spi.SharedObjectsProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** Finds the shared-objects provider configured in {@code ipc4j.shared}. */
public final class SharedProviders {
    private SharedProviders() {
    }

    /**
     * The shared objects of context {@code contextId} from the provider named {@code name};
     * for {@code manager}, in a manager that {@code manager} starts at first use.
     */
    public static SharedObjects open(String name, String contextId, Supplier<Manager> manager) {
        if (ManagedObjects.SHARED_SETTING.equals(name)) {
            return ManagedObjects.sharedObjects(manager);
        }
        return find(name).open(contextId);
    }

    public static SharedObjectsProvider find(String name) {
        List<String> names = new ArrayList<>(List.of(ManagedObjects.SHARED_SETTING));
        for (SharedObjectsProvider p : ServiceLoader.load(SharedObjectsProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new IpcException("no shared-objects provider named '" + name + "' (setting ipc4j.shared); available: "
                + names + (names.size() == 1 ? " (put ipc-mmap on the class path for mmap)" : ""));
    }

    /** The named block of context {@code contextId}, from whichever provider has it. */
    public static io.ipc4j.SharedMemory attach(String contextId, String name) {
        IllegalArgumentException missing = null;
        for (SharedObjectsProvider p : ServiceLoader.load(SharedObjectsProvider.class)) {
            try {
                return p.attachSharedMemory(contextId, name);
            } catch (IllegalArgumentException e) {
                missing = e;
            }
        }
        if (missing != null) {
            throw missing;
        }
        throw new IpcException("no shared-objects provider on the class path: put ipc-mmap there");
    }

    /** Readies a spare child for every provider on the class path ({@link SharedObjectsProvider#prepareChild}); never throws. */
    public static void prepareChild(java.nio.file.Path scratchDir) {
        try {
            for (SharedObjectsProvider p : ServiceLoader.load(SharedObjectsProvider.class)) {
                try {
                    p.prepareChild(scratchDir);
                } catch (RuntimeException | LinkageError ignored) {
                    // only a warm-up: the first real use reports what is wrong
                }
            }
        } catch (RuntimeException | ServiceConfigurationError ignored) {
            // the same
        }
    }

    /** Lets every provider on the class path free what a dead coordinator left; never throws. */
    public static void deleteOrphaned(String contextId) {
        try {
            for (SharedObjectsProvider p : ServiceLoader.load(SharedObjectsProvider.class)) {
                p.deleteOrphaned(contextId);
            }
        } catch (RuntimeException | ServiceConfigurationError ignored) {
            // best effort while exiting
        }
    }
}
