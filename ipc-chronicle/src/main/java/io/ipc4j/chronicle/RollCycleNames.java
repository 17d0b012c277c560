package io.ipc4j.chronicle;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.SparseRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

import java.util.ArrayList;
import java.util.List;

/** Chronicle's roll cycles by the names of their enum constants, so that a handle carries a string. */
final class RollCycleNames {
    private static final List<Class<? extends Enum<?>>> KINDS = List.of(QueueRollCycles.class, RollCycles.class, TestRollCycles.class,
            LargeRollCycles.class, SparseRollCycles.class, LegacyRollCycles.class);

    private RollCycleNames() {
    }

    /** @throws IllegalArgumentException naming the cycles there are */
    static RollCycle of(String name) {
        List<String> known = new ArrayList<>();
        for (Class<? extends Enum<?>> kind : KINDS) {
            for (Enum<?> e : kind.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return (RollCycle) e;
                }
                known.add(e.name());
            }
        }
        throw new IllegalArgumentException("no Chronicle roll cycle named '" + name + "' (setting "
                + ChronicleQueues.ROLL_CYCLE + "); available: " + known);
    }
}
