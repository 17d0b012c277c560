package io.ipc4j.internal.manager;

import io.ipc4j.IpcException;
import io.ipc4j.internal.process.ProcessRuntime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The auth keys of the managers this process may use, by server id. A serialized proxy never
 * carries its manager's key: the reader finds it here, filled when this process started or
 * connected to the manager, or, for a manager whose key is its context's, through this
 * process's link to that context (which it got at spawn over its authenticated channel).
 */
final class ManagerKeys {
    private static final ConcurrentHashMap<Long, byte[]> KEYS = new ConcurrentHashMap<>();

    private ManagerKeys() {
    }

    static void remember(long serverId, byte[] key) {
        KEYS.putIfAbsent(serverId, key);
    }

    /**
     * The key of manager {@code serverId}.
     *
     * @param keyContext the context whose key the manager uses, or null if it has a key of its own
     * @throws IpcException naming the manager's address if this process does not know its key
     */
    static byte[] of(long serverId, String address, String keyContext) {
        byte[] key = KEYS.get(serverId);
        if (key != null) {
            return key;
        }
        if (keyContext != null && ProcessRuntime.get().contextIds().contains(keyContext)) {
            return ProcessRuntime.get().link(keyContext).settings().authKey();
        }
        throw new IpcException("this process received a proxy of the manager at " + address
                + ", whose auth key it does not know (a proxy does not carry it): call Manager.connect(" + address
                + ", key) in this process before receiving its proxies");
    }
}
