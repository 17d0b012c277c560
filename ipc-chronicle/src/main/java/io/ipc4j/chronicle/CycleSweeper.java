package io.ipc4j.chronicle;

import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;

/**
 * Deletes the cycle files whose items are all taken, so that a queue's disk (in
 * {@code /dev/shm}: memory) stays as small as its backlog. Items are taken in index order,
 * so once an item of cycle C is taken every item of the cycles before C is; the get that
 * takes the first item of a cycle deletes the older files. Processes that still map one of
 * them keep reading it until they unmap it: Linux frees a deleted file's pages then.
 */
final class CycleSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(CycleSweeper.class);

    private final SingleChronicleQueue queue;
    private final File dir;
    private final RollingResourcesCache names;

    CycleSweeper(SingleChronicleQueue queue) {
        this.queue = queue;
        this.dir = queue.file();
        this.names = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
                name -> new File(dir, name + SingleChronicleQueue.SUFFIX),
                file -> file.getName().substring(0, file.getName().length() - SingleChronicleQueue.SUFFIX.length()));
    }

    /**
     * Deletes the files of cycles before {@code cycle}, and the files of those cycles that
     * Chronicle renamed {@code <cycle file>-<millis>.discard} because it found them unfinished
     * (their maker was killed before it finished the header, or a process opening the file as
     * a consumer here deleted it made it again, empty): no item is ever written to such a file.
     */
    void deleteBefore(int cycle) {
        File[] files = dir.listFiles((d, name) -> name.endsWith(SingleChronicleQueue.SUFFIX)
                || name.endsWith(SingleChronicleQueue.DISCARD_FILE_SUFFIX));
        if (files == null) {
            return;
        }
        boolean deleted = false;
        for (File f : files) {
            int fileCycle;
            String name = f.getName();
            int end = name.lastIndexOf(SingleChronicleQueue.SUFFIX);
            try {
                fileCycle = names.parseCount(name.substring(0, end));
            } catch (RuntimeException notACycleFile) {
                continue;
            }
            if (fileCycle < cycle) {
                if (f.delete()) {
                    deleted = true;
                } else if (f.exists()) {
                    LOG.warn("could not delete {}, a cycle of a Chronicle queue whose items are all taken", f);
                }
            }
        }
        if (deleted) {
            queue.refreshDirectoryListing();
        }
    }
}
