package io.ipc4j.internal.process;

import io.ipc4j.ProcessInfo;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.ChildOutput;
import io.ipc4j.internal.Transports;
import io.ipc4j.internal.rpc.Reply;
import io.ipc4j.internal.rpc.RpcClient;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.internal.wire.Op;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The main class of every child JVM. It dials back to its coordinator with the address
 * and key from its environment, authenticates, receives its target and runs it, then
 * exits as CPython's children do: 0 on success, 1 when the target threw (its stack
 * trace printed under a {@code Process <name>:} line). It also exits when its
 * coordinator disappears, so that no child outlives a killed parent.
 */
public final class ChildMain {
    /** How long a child that cannot read its target waits for its coordinator to take the reason. */
    private static final long REPORT_NANOS = 2_000_000_000L;
    /** How long the channel threads may take to end before the exit goes ahead anyway. */
    private static final Duration STOP_THREADS = Duration.ofMillis(500);
    /** How long a target waits at most for the warm-up of what reading it takes. */
    private static final long WARM_UP_WAIT_SECONDS = 10;
    /** Where jffi extracts its native library: see {@link #extractNativeLibrariesInto}. */
    private static final String JFFI_EXTRACT_DIR = "jffi.extract.dir";

    private ChildMain() {
    }

    /** Not a static field: a child that logs nothing does not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(ChildMain.class);
    }

    public static void main(String[] args) {
        ChildOutput.count();
        ChildEnvironment env = ChildEnvironment.fromEnvironment();
        ProcessRuntime runtime = ProcessRuntime.get();
        ProcessHandle parent = ProcessHandle.of(env.parentPid()).orElse(null);
        Runnable watchParent = () -> watchParent(parent, env, runtime);
        CountDownLatch codecReady = null;
        if (env.spare() || parent == null) {
            watchParent.run();
        } else {
            // until then, a coordinator that goes fails the dial, or is noticed by the link
            codecReady = warmUpMeanwhile(watchParent);
        }
        extractNativeLibrariesInto(env.socketDir());
        CoordinatorLink link = env.link(cause -> {
            if (!runtime.exiting()) {
                orphaned(parent, env);
            }
        });
        runtime.register(link);
        env.otherLinks().forEach(runtime::register);

        String name = "Process-?";
        boolean targeted = false;
        int code;
        try {
            RpcClient rpc = link.rpc();
            Reply hello = rpc.call(Op.HELLO, w -> w.putString(env.token()));
            if (env.spare()) {
                warmUpUntilTargeted(link, env, hello);
            }
            FrameReader start = hello.get();
            targeted = true;
            name = start.getString();
            byte[] target = start.getBytes();
            if (codecReady != null) {
                // the warm-up only saves time: a stalled one does not hold the target up for long
                codecReady.await(WARM_UP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            runtime.becomeChild(name, new ProcessInfo("MainProcess", env.parentPid()), env.contextId());
            SerializableRunnable task = readTarget(name, target, rpc);
            if (task == null) {
                code = 1;
            } else {
                task.run();
                code = 0;
            }
        } catch (Throwable t) {
            if (!targeted && !runtime.exiting() && (link.isLost() || parent == null || !parent.isAlive())) {
                // the coordinator went before it gave a target (a spare's, or during the dial):
                // no traceback, clean up as an orphan
                orphaned(parent, env);
            }
            // The traceback on stderr is the child's output, as CPython prints it, not a log line.
            System.out.flush();
            System.err.println("Process " + name + ":");
            t.printStackTrace();
            code = 1;
        }
        try {
            runtime.shutdown();
        } catch (Throwable t) {
            log().error("while closing process {}", name, t);
            code = code == 0 ? 1 : code;
        }
        try {
            Transports.stopThreads(STOP_THREADS);
        } catch (Throwable t) {
            log().debug("while ending the channel threads of process {}", name, t);
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * A spare, waiting for its target, takes a target's first steps once on throwaway objects
     * meanwhile, and then says it is ready. A target that comes first ends the warm-up at its
     * next step (or batch, in a long one): the target does not wait for the rest.
     */
    private static void warmUpUntilTargeted(CoordinatorLink link, ChildEnvironment env, Reply hello) {
        SpareWarmUp.run(link, env.contextId(), env.socketDir(), hello::isDone);
        if (!hello.isDone()) {
            link.rpc().send(FrameWriter.of(Op.SPARE_WARM, 64).putInt(0).putString(env.token()).toBytes());
        }
    }

    /**
     * Has jffi (which Chronicle loads through jnr-ffi when a user puts jnr-ffi back on the class
     * path: ipc4j leaves it out) extract its native library into the context's private
     * directory instead of the temp directory. It deletes the file once
     * loaded, but a child killed in between left it in {@code /tmp} (seen as a 0-byte
     * {@code jffi*.so} after a CI run); there, the context's close or its orphans remove it.
     * A directory the child's options name already is kept, and so is the temp directory when
     * the context's is not in it (a long temp path puts the context's in {@code /tmp}, which
     * may forbid executing what it holds).
     */
    private static void extractNativeLibrariesInto(Path contextDir) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (System.getProperty(JFFI_EXTRACT_DIR) == null && Files.isDirectory(contextDir)
                && temp.equals(contextDir.toAbsolutePath().normalize().getParent())) {
            System.setProperty(JFFI_EXTRACT_DIR, contextDir.toString());
        }
    }

    /**
     * Loads, on another thread while this one dials the coordinator and waits for the target,
     * what the dial and the target need next (on two cores the two take one's time): the
     * JDK's security providers, about 12 ms in a JVM just started (the channel's handshake
     * sends a random challenge and answers one with an HMAC-SHA256), and what reading a
     * target takes, which the latch returned marks. Then, while the target runs, the watch on
     * the parent process (a few ms of a JVM's process-reaper machinery) and the rest of the
     * codec, which a target's first items would load. A failure shows again, and is
     * reported, where it happens for real.
     */
    private static CountDownLatch warmUpMeanwhile(Runnable thenWatchParent) {
        CountDownLatch codecReady = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                new SecureRandom().nextBytes(new byte[8]);
                MessageDigest.getInstance("SHA-256");
                ObjectCodec.warmUpTargets();
            } catch (Throwable e) {
                log().debug("warming up the security providers or the codec failed", e);
            } finally {
                codecReady.countDown();
            }
            try {
                thenWatchParent.run();
            } finally {
                try {
                    ObjectCodec.warmUpItems();
                } catch (Throwable e) {
                    log().debug("warming up the codec failed", e);
                }
            }
        }, "ipc4j-warm-up");
        t.setDaemon(true);
        t.start();
        return codecReady;
    }

    /**
     * The target, or null when it cannot be read: then the reason is printed on one line
     * (with the trace) and sent to the coordinator, which logs it.
     */
    private static SerializableRunnable readTarget(String name, byte[] target, RpcClient rpc) {
        try {
            return (SerializableRunnable) ObjectCodec.fromBytes(target);
        } catch (RuntimeException | LinkageError e) {
            String line = TargetNotLoaded.line(name, e);
            System.out.flush();
            System.err.println(line);
            e.printStackTrace();
            try {
                rpc.call(Op.TARGET_NOT_LOADED, w -> w.putString(line)).await(REPORT_NANOS);
            } catch (RuntimeException coordinatorGone) {
                // the line above is all there is to say, then
            }
            return null;
        }
    }

    /** Exits when the coordinator is gone, even if no socket noticed (for example after kill -9). */
    private static void watchParent(ProcessHandle parent, ChildEnvironment env, ProcessRuntime runtime) {
        Runnable gone = () -> {
            if (!runtime.exiting()) {
                orphaned(parent, env);
            }
        };
        // isAlive() compares the start time seen when the handle was made: a coordinator whose
        // pid was reused since (the watch may be set up tens of ms later) counts as gone, where
        // onExit() would watch the new process
        if (parent == null || !parent.isAlive()) {
            gone.run();
        } else {
            parent.onExit().thenRun(gone);
        }
    }

    /**
     * The coordinator is gone or unreachable: exit now. If it died without cleaning up
     * (kill -9), remove its socket directory, as CPython's resource tracker would.
     */
    private static void orphaned(ProcessHandle parent, ChildEnvironment env) {
        log().warn("lost the coordinator (pid {}); exiting", env.parentPid());
        if (parent == null || isGone(parent)) {
            try (Stream<Path> files = Files.walk(env.socketDir())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException alreadyGone) {
                // another child got there first
            }
            io.ipc4j.internal.SharedProviders.deleteOrphaned(env.contextId());
            io.ipc4j.internal.QueueTransports.deleteOrphaned(env.contextId());
        }
        Runtime.getRuntime().halt(1);
    }

    /**
     * Whether the coordinator is gone, waiting up to a second: its sockets close while it
     * is still exiting, and then it is a zombie until its parent reaps it, which Java
     * still counts as alive.
     */
    private static boolean isGone(ProcessHandle parent) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (parent.isAlive() && !isZombie(parent.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException noProcFs) {
            return false;
        }
    }
}
