package io.ipc4j.hazelcast;

import io.ipc4j.spi.RemoteChild;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A child started on a node, as the coordinator sees it: it ends when its node says so or is lost. */
final class RemoteNodeChild extends RemoteChild {
    private final NodeLink node;
    private final long id;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<Process> exit = status.thenApply(s -> this);
    private volatile long pid = -1;

    RemoteNodeChild(NodeLink node, long id) {
        this.node = node;
        this.id = id;
    }

    void started(long pid) {
        this.pid = pid;
    }

    /** The child ended with {@code status}; later reports are ignored. */
    void ended(int status) {
        this.status.complete(status);
    }

    @Override
    public String host() {
        return node.host();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return status.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            status.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int exitValue() {
        Integer s = status.getNow(null);
        if (s == null) {
            throw new IllegalThreadStateException("process " + id + " on " + host() + " has not exited");
        }
        return s;
    }

    @Override
    public boolean isAlive() {
        return !status.isDone();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.copy();
    }

    @Override
    public void destroy() {
        if (isAlive()) {
            node.signal(id, false);
        }
    }

    @Override
    public Process destroyForcibly() {
        if (isAlive()) {
            node.signal(id, true);
        }
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public String toString() {
        return "RemoteChild[" + id + " pid " + pid + " on " + host() + "]";
    }
}
