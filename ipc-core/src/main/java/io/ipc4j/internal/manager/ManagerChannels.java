package io.ipc4j.internal.manager;

import io.ipc4j.Config;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.spi.ChannelSettings;

import java.util.Map;

/**
 * The settings a manager's {@code Listener} and its clients' {@code Client} connections take:
 * those of the context the manager belongs to (as given to {@code Context.create(Map)}), so that
 * its frame limit, spin and handshake limits match the context's pipes. A manager of no context
 * ({@code serve}, {@code connect}), or one whose context this process cannot reach, takes the
 * JVM's settings.
 */
final class ManagerChannels {
    private ManagerChannels() {
    }

    /** @param contextId the manager's context, or null */
    static Map<String, String> settingsOf(String contextId) {
        if (contextId == null) {
            return Map.of();
        }
        for (CoordinatorLink link : ProcessRuntime.get().links()) {
            if (link.contextId().equals(contextId)) {
                ChannelSettings s = link.settings();
                return Map.of(Config.MAX_FRAME_BYTES, String.valueOf(s.maxFrameBytes()),
                        Config.SPIN_NANOS, String.valueOf(link.spinNanos()),
                        Config.HANDSHAKE_TIMEOUT_MILLIS, String.valueOf(s.handshakeTimeout().toMillis()),
                        Config.MAX_PENDING_HANDSHAKES, String.valueOf(s.maxPendingHandshakes()));
            }
        }
        return Map.of();
    }
}
