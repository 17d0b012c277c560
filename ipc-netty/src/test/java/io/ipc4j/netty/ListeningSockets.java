package io.ipc4j.netty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sockets this process listens on, found the way another local user would find them
 * ({@code /proc/net}), written as ipc4j addresses: {@code tcp:127.0.0.1:port} or {@code uds:/path}.
 * TCP addresses are meant for IPv4 and IPv4-mapped sockets, as ipc4j binds to {@code 127.0.0.1}.
 */
public final class ListeningSockets {
    private static final String TCP_LISTEN = "0A";
    private static final int UNIX_ACCEPTING = 0x10000;

    private ListeningSockets() {
    }

    /** The addresses this process listens on now. */
    public static Set<String> ofThisProcess() throws IOException {
        Set<String> inodes = socketInodes();
        Set<String> addresses = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> tcp = Files.readAllLines(Path.of(table));
            for (String line : tcp.subList(1, tcp.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(TCP_LISTEN) && inodes.contains(f[9])) {
                    String[] hostPort = f[1].split(":");
                    // IPv4, or IPv4 mapped into IPv6 (the JDK's sockets are IPv6 by default): the last 4 bytes
                    String hex = hostPort[0].substring(hostPort[0].length() - 8);
                    long ip = Long.parseLong(hex, 16);
                    String host = (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "."
                            + ((ip >> 24) & 0xff);
                    addresses.add("tcp:" + host + ":" + Integer.parseInt(hostPort[1], 16));
                }
            }
        }
        List<String> unix = Files.readAllLines(Path.of("/proc/net/unix"));
        for (String line : unix.subList(1, unix.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && (Integer.parseInt(f[3], 16) & UNIX_ACCEPTING) != 0 && inodes.contains(f[6])) {
                addresses.add("uds:" + f[7]);
            }
        }
        return addresses;
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // not a socket of ours any more
                }
            }
        }
        return inodes;
    }
}
