package io.ipc4j.internal;

import io.ipc4j.IpcException;
import io.ipc4j.spi.SharedObjectsProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the shared-objects provider configured in {@code ipc4j.shared}. */
public final class SharedProviders {
    private SharedProviders() {
    }

    public static SharedObjectsProvider find(String name) {
        List<String> names = new ArrayList<>();
        for (SharedObjectsProvider p : ServiceLoader.load(SharedObjectsProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new IpcException("no shared-objects provider named '" + name + "' (setting ipc4j.shared); available: "
                + (names.isEmpty() ? "none: put ipc-mmap on the class path" : names));
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
