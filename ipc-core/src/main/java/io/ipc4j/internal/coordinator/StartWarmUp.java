package io.ipc4j.internal.coordinator;

import io.ipc4j.ChildProcess;
import io.ipc4j.SerializableBiConsumer;
import io.ipc4j.SerializableConsumer;
import io.ipc4j.internal.pipe.PipeHandover;
import io.ipc4j.internal.process.BoundTargets;
import io.ipc4j.internal.process.ChildClassPath;
import io.ipc4j.internal.process.ClassPathCheck;
import io.ipc4j.internal.server.ChildRegistry;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.internal.wire.Op;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a context's first {@code start()} does in this process before it hands a child its
 * target, done once on a throwaway target when the context is made, starting nothing:
 * loading the codec, working out and checking a child's class path, serializing bound
 * targets of two shapes and writing the reply that would carry one, looking through the
 * spares (taking none) with the test a start makes, loading {@link ChildProcess}. In a cold
 * JVM these steps load and link classes and bootstrap call sites: about 25 ms of the first
 * start from a spare, which the first real start then does not pay. Each step is best effort: a failure is logged, and
 * the real start reports what is wrong.
 */
final class StartWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(StartWarmUp.class);

    private StartWarmUp() {
    }

    /**
     * @param classPathFor the class path a child gets for a target made of the given classes
     * @return the names of the steps that completed, in order
     */
    static List<String> run(String contextId, Function<List<Class<?>>, ChildClassPath> classPathFor,
                            SparePool spares) {
        List<String> done = new ArrayList<>();
        SerializableConsumer<String> target = s -> { };
        SerializableBiConsumer<String, String> pairTarget = (a, b) -> { };
        Class<?>[] needs = {target.getClass(), String.class};
        step(done, "codec", ObjectCodec::warmUp);
        step(done, "class path", () -> ClassPathCheck.missing(classPathFor.apply(List.of(needs)), needs));
        step(done, "target", () -> {
            ChildRegistry.Launch launch = new ChildRegistry.Launch("warm-up",
                    PipeHandover.serialize(contextId, BoundTargets.of(target, "warm-up")).bytes());
            ChildRegistry.replyBytes(launch);
            FrameWriter reply = FrameWriter.of(Op.REPLY, 32);
            ChildRegistry.payload(launch).accept(reply);
            reply.toBytes();
            PipeHandover.serialize(contextId, BoundTargets.of(pairTarget, "warm", "up"));
        });
        step(done, "spares", () -> {
            Predicate<ChildClassPath> fits = Coordinator.canRun(needs);
            spares.take(spareClassPath -> {
                fits.test(spareClassPath);
                return false; // looks, takes none
            });
        });
        step(done, "api", () -> ChildProcess.class.getName());
        return done;
    }

    private static void step(List<String> done, String name, Runnable step) {
        try {
            step.run();
            done.add(name);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("warming up the start path: the {} step failed", name, e);
        }
    }
}
