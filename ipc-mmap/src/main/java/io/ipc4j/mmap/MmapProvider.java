package io.ipc4j.mmap;

import io.ipc4j.SharedMemory;

import io.ipc4j.spi.SharedObjects;
import io.ipc4j.spi.SharedObjectsProvider;

/** Shared objects in memory-mapped files under {@code /dev/shm}: the {@code mmap} setting of {@code ipc4j.shared}. */
public final class MmapProvider implements SharedObjectsProvider {

    @Override
    public String name() {
        return "mmap";
    }

    @Override
    public SharedObjects open(String contextId) {
        return new MmapSharedObjects(contextId);
    }

    @Override
    public SharedMemory attachSharedMemory(String contextId, String name) {
        return MmapSharedObjects.attach(ShmPaths.contextDir(contextId), name);
    }

    @Override
    public void prepareChild(java.nio.file.Path scratchDir) {
        Segments.warmUp(scratchDir);
    }

    @Override
    public void deleteOrphaned(String contextId) {
        ShmPaths.deleteTree(ShmPaths.contextDir(contextId));
    }
}
