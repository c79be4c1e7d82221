package io.stoker.runtime.pool;

import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The warm pool of one function: hands out {@link Lease}s on instances, queues calls up to their deadline, launches,
 * replaces and stops instances. The choices themselves are pure functions in {@link Scheduling}; this class keeps the
 * state and applies them.
 *
 * <h2>Pool ↔ instance contract</h2>
 * <ol>
 *   <li>An instance enters the pool STARTING when the pool asks the launcher for it (always on the launch executor,
 *       never on a caller's thread), or READY through {@link #adopt}.</li>
 *   <li>When the launch returns the instance is READY and queued calls are served. When it throws, the instance leaves
 *       the pool, launches pause for a back-off that doubles with each failure in a row, and if no instance is live
 *       the queued calls fail with {@link LaunchFailedException}; calls arriving during that back-off, with nothing
 *       live, fail the same way at once.</li>
 *   <li>Only READY instances get leases ({@link Scheduling#pick}); at {@code limits.concurrency} calls in flight an
 *       instance is BUSY, and READY again when one ends.</li>
 *   <li>Each lease ends exactly once, by {@link Lease#release}, {@link Lease#failed} or an abort; only that end lowers
 *       the in-flight count. {@code failed} marks the instance suspect (picked last) and asks the launcher whether it
 *       still runs; a successful release clears the mark.</li>
 *   <li>An instance the engine reports gone ({@link #instanceExited}, or the check above) is DEAD: it leaves the pool
 *       at once, its open leases are aborted (their {@code onAbort} callbacks run), its container is removed, and a
 *       replacement starts if calls wait or the pool fell below {@code scale.min}.</li>
 *   <li>An instance the pool stops ({@link #reap}, {@link #drain}, {@link #close}) is STOPPING until the launcher's
 *       {@code stop} returns, then leaves the pool. Reaping takes only READY instances with nothing in flight.</li>
 *   <li>Queued calls are served first-in first-out whenever room appears; each leaves the queue at its deadline through
 *       the {@link Timer}, even when nothing else happens.</li>
 *   <li>After {@code drain}/{@code close}/{@code detach} no call is accepted, queued calls fail with
 *       {@link PoolClosedException}, and a launch that finishes later is stopped at once.</li>
 * </ol>
 *
 * <h2>Thread-safety</h2>
 * Every public method is thread-safe and returns without waiting for the engine. All state is guarded by one lock,
 * held for short sections; launcher calls, future completions, abort callbacks and executor submissions run after it
 * is released ({@link Effects}), so a caller's continuation never runs under the lock and may call back into the pool.
 */
public final class FunctionPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FunctionPool.class);

    private final FunctionSpec spec;
    private final String specHash;
    private final EngineCalls engine;
    private final PoolSettings settings;
    private final Clock clock;
    private final Timer timer;
    private final int concurrency;

    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private final Map<String, PoolInstance> instances = new LinkedHashMap<>();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private boolean closed;
    private boolean stoppingAll;
    private CompletableFuture<Void> terminated;
    private Timer.Cancellable graceTimer;
    private Timer.Cancellable retryTimer;
    private int failuresInARow;
    private Instant launchesPausedUntil = Instant.MIN;
    private String lastLaunchError;
    private long nextId;

    /**
     * @param specHash label value the launched containers carry
     * @param launchExecutor runs the blocking launcher calls; must run them on other threads (a direct executor would
     *     make {@link #acquire} block on the engine)
     * @param timer deadlines, back-off and drain grace; the clock and the timer must agree on time
     */
    public FunctionPool(FunctionSpec spec, String specHash, InstanceLauncher launcher, PoolSettings settings,
            Clock clock, Executor launchExecutor, Timer timer) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.specHash = Objects.requireNonNull(specHash, "specHash");
        this.engine = new EngineCalls(spec, specHash, Objects.requireNonNull(launcher, "launcher"),
                Objects.requireNonNull(launchExecutor, "launchExecutor"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.concurrency = spec.limits().concurrency();
        if (concurrency < 1) {
            throw new IllegalArgumentException("function '" + spec.name() + "': limits.concurrency must be >= 1, was "
                    + concurrency);
        }
    }

    public String function() {
        return spec.name();
    }

    public String specHash() {
        return specHash;
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** Launches {@code scale.min} instances (in the background). */
    public void start() {
        Effects fx = new Effects();
        synchronized (lock) {
            planLaunches(fx, clock.instant());
        }
        fx.run();
    }

    /**
     * A lease on an instance, now or once one is free; never blocks. Completes exceptionally with a
     * {@link PoolException}. Cancelling the future withdraws the call (a lease granted meanwhile is released).
     */
    public CompletableFuture<Lease> acquire(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        CompletableFuture<Lease> result = new CompletableFuture<>();
        Effects fx = new Effects();
        synchronized (lock) {
            admit(result, deadline, fx);
        }
        fx.run();
        return result;
    }

    private void admit(CompletableFuture<Lease> result, Instant deadline, Effects fx) {
        Instant now = clock.instant();
        if (closed) {
            failLater(fx, result, new PoolClosedException(function()));
            return;
        }
        if (!now.isBefore(deadline)) {
            failLater(fx, result, new DeadlineExceededException(function(), deadline));
            return;
        }
        // Taking an instance directly while others wait would overtake them.
        if (queue.isEmpty()) {
            PoolLease lease = tryLease(now);
            if (lease != null) {
                hand(fx, result, lease);
                return;
            }
        }
        if (queue.size() >= settings.queueLimit()) {
            queue.removeIf(w -> w.future.isDone()); // withdrawn calls do not count
            if (queue.size() >= settings.queueLimit()) {
                failLater(fx, result, new QueueFullException(function(), settings.queueLimit()));
                return;
            }
        }
        if (!hasLive() && now.isBefore(launchesPausedUntil)) {
            failLater(fx, result, new LaunchFailedException(function(), lastLaunchError));
            return;
        }
        Waiter waiter = new Waiter(result, deadline);
        queue.addLast(waiter);
        waiter.deadlineTimer = timer.schedule(() -> deadlinePassed(waiter), Duration.between(now, deadline));
        planLaunches(fx, now);
    }

    /** Adds a running container found at gateway start: READY with nothing in flight. */
    public void adopt(LaunchedInstance running) {
        Objects.requireNonNull(running, "running");
        Effects fx = new Effects();
        synchronized (lock) {
            if (closed) {
                fx.add(() -> engine.stop(running, () -> {}));
            } else if (byContainer(running.containerId()) == null) {
                Instant now = clock.instant();
                String id = instances.containsKey(running.instanceId()) ? newId(now) : running.instanceId();
                PoolInstance instance = new PoolInstance(id, now);
                instance.ready(running, now);
                instances.put(id, instance);
                dispatch(fx, now);
            }
        }
        fx.run();
    }

    /** The engine reports the container gone: the instance is DEAD, its leases abort, a replacement starts if needed. */
    public void instanceExited(String containerId) {
        Objects.requireNonNull(containerId, "containerId");
        Effects fx = new Effects();
        synchronized (lock) {
            PoolInstance instance = byContainer(containerId);
            if (instance == null || instance.state == InstanceState.STOPPING) {
                return; // not ours, or we are stopping it and its stop completion removes it
            }
            LOG.infof("function %s: instance %s (%s) exited with %d calls in flight",
                    function(), instance.id, containerId, instance.inFlight);
            instance.state = InstanceState.DEAD;
            instances.remove(instance.id);
            abortLeases(instance, fx);
            LaunchedInstance gone = instance.launched;
            fx.add(() -> engine.stop(gone, () -> {})); // remove the exited container
            planLaunches(fx, clock.instant());
            finishDrainIfIdle(fx);
            checkTerminated(fx);
        }
        fx.run();
    }

    /** Stops instances idle for at least {@code scale.idle}, down to {@code scale.min}; also restores the minimum. */
    public void reap() {
        Effects fx = new Effects();
        synchronized (lock) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            for (InstanceSnapshot idle : Scheduling.toReap(snapshots(), now, spec.scale().idle(), spec.scale().min())) {
                PoolInstance instance = instances.get(idle.id());
                instance.state = InstanceState.STOPPING;
                fx.add(() -> submitStop(instance));
            }
            planLaunches(fx, now);
        }
        fx.run();
    }

    public PoolSnapshot snapshot() {
        synchronized (lock) {
            int queued = (int) queue.stream().filter(w -> !w.future.isDone()).count();
            return new PoolSnapshot(function(), specHash, snapshots(), queued, closed, lastLaunchError);
        }
    }

    /**
     * Stops taking calls (queued ones fail with {@link PoolClosedException}), waits up to {@code grace} for calls in
     * flight, then stops every instance (aborting leases still out). Completes when all instances are gone.
     */
    public CompletableFuture<Void> drain(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        Effects fx = new Effects();
        CompletableFuture<Void> done;
        synchronized (lock) {
            if (terminated == null) {
                beginClose(fx);
                if (totalInFlight() == 0) {
                    stopAll(fx);
                } else {
                    graceTimer = timer.schedule(this::graceOver, grace);
                }
                checkTerminated(fx);
            }
            done = terminated;
        }
        fx.run();
        return done;
    }

    /** Stops every instance now (leases out are aborted); see {@link #drain} to wait for calls in flight. */
    @Override
    public void close() {
        Effects fx = new Effects();
        synchronized (lock) {
            if (terminated == null) {
                beginClose(fx);
            }
            if (!stoppingAll) {
                stopAll(fx);
            }
        }
        fx.run();
    }

    /** Stops taking calls but leaves the containers running, for a restarted gateway to {@link #adopt} them. */
    public void detach() {
        Effects fx = new Effects();
        synchronized (lock) {
            if (terminated == null) {
                beginClose(fx);
            }
            stoppingAll = true;
            instances.clear();
            checkTerminated(fx);
        }
        fx.run();
    }

    // ---- leases (called by PoolLease)

    void endLease(PoolLease lease, Throwable cause) {
        Effects fx = new Effects();
        synchronized (lock) {
            if (lease.ended) {
                return;
            }
            lease.ended = true;
            PoolInstance instance = lease.instance;
            instance.leases.remove(lease);
            instance.inFlight--;
            Instant now = clock.instant();
            instance.lastUsed = now;
            instance.updateBusy(concurrency);
            if (cause == null) {
                instance.suspect = false;
            } else if (!instance.suspect && instance.serving()) {
                instance.suspect = true;
                LOG.debugf("function %s: instance %s suspect after %s", function(), instance.id, cause);
                String containerId = instance.launched.containerId();
                fx.add(() -> engine.checkRunning(containerId, () -> instanceExited(containerId)));
            }
            dispatch(fx, now);
            finishDrainIfIdle(fx);
        }
        fx.run();
    }

    void onAbort(PoolLease lease, Runnable callback) {
        boolean runNow;
        synchronized (lock) {
            runNow = lease.aborted;
            if (!lease.ended) {
                lease.abortCallbacks.add(callback);
            }
        }
        if (runNow) {
            callback.run();
        }
    }

    // ---- launching

    private void planLaunches(Effects fx, Instant now) {
        if (closed || now.isBefore(launchesPausedUntil)) {
            return;
        }
        int launches = Scheduling.launchesNeeded(
                snapshots(), queue.size(), concurrency, spec.scale().min(), spec.scale().max());
        for (int i = 0; i < launches; i++) {
            PoolInstance instance = new PoolInstance(newId(now), now);
            instances.put(instance.id, instance);
            fx.add(() -> engine.launch(instance.id, running -> launched(instance, running),
                    reason -> launchFailed(instance, reason)));
        }
    }

    private void launched(PoolInstance instance, LaunchedInstance running) {
        Effects fx = new Effects();
        synchronized (lock) {
            Instant now = clock.instant();
            if (closed) {
                instance.launched = running;
                instance.state = InstanceState.STOPPING;
                fx.add(() -> submitStop(instance));
            } else {
                instance.ready(running, now);
                failuresInARow = 0;
                lastLaunchError = null;
                dispatch(fx, now);
                planLaunches(fx, now);
            }
        }
        fx.run();
    }

    private void launchFailed(PoolInstance instance, String reason) {
        Effects fx = new Effects();
        synchronized (lock) {
            LOG.warnf("function %s: instance %s failed to start: %s", function(), instance.id, reason);
            instance.state = InstanceState.DEAD;
            instances.remove(instance.id, instance);
            if (closed) {
                checkTerminated(fx);
            } else {
                failuresInARow++;
                lastLaunchError = reason;
                Duration backoff = settings.backoffAfter(failuresInARow);
                launchesPausedUntil = clock.instant().plus(backoff);
                if (retryTimer != null) {
                    retryTimer.cancel();
                }
                retryTimer = timer.schedule(this::backoffOver, backoff);
                if (!hasLive()) {
                    failAllWaiters(fx, () -> new LaunchFailedException(function(), reason));
                }
            }
        }
        fx.run();
    }

    private void backoffOver() {
        Effects fx = new Effects();
        synchronized (lock) {
            launchesPausedUntil = Instant.MIN; // the timer, not the clock, ends the pause: they may disagree slightly
            retryTimer = null;
            planLaunches(fx, clock.instant());
        }
        fx.run();
    }

    // ---- handing out

    /** Takes a lease on the instance {@link Scheduling#pick} chooses, or returns null. */
    private PoolLease tryLease(Instant now) {
        Optional<InstanceSnapshot> pick = Scheduling.pick(snapshots(), concurrency);
        if (pick.isEmpty()) {
            return null;
        }
        PoolInstance instance = instances.get(pick.get().id());
        instance.inFlight++;
        instance.lastUsed = now;
        instance.updateBusy(concurrency);
        PoolLease lease = new PoolLease(this, instance);
        instance.leases.add(lease);
        return lease;
    }

    /** Serves queued calls in order while an instance has room. */
    private void dispatch(Effects fx, Instant now) {
        while (!queue.isEmpty()) {
            Waiter waiter = queue.peekFirst();
            if (!waiter.future.isDone()) {
                PoolLease lease = tryLease(now);
                if (lease == null) {
                    return;
                }
                hand(fx, waiter.future, lease);
            }
            queue.pollFirst();
            waiter.cancelDeadlineTimer();
        }
    }

    private static void hand(Effects fx, CompletableFuture<Lease> future, PoolLease lease) {
        fx.add(() -> {
            if (!future.complete(lease)) {
                lease.release(); // the caller withdrew meanwhile
            }
        });
    }

    private void deadlinePassed(Waiter waiter) {
        Effects fx = new Effects();
        synchronized (lock) {
            if (queue.remove(waiter)) {
                failLater(fx, waiter.future, new DeadlineExceededException(function(), waiter.deadline));
            }
        }
        fx.run();
    }

    private void failAllWaiters(Effects fx, Supplier<PoolException> error) {
        for (Waiter waiter : queue) {
            waiter.cancelDeadlineTimer();
            failLater(fx, waiter.future, error.get());
        }
        queue.clear();
    }

    private static void failLater(Effects fx, CompletableFuture<Lease> future, PoolException error) {
        fx.add(() -> future.completeExceptionally(error));
    }

    // ---- stopping

    private void abortLeases(PoolInstance instance, Effects fx) {
        for (PoolLease lease : instance.leases) {
            lease.ended = true;
            lease.aborted = true;
            List<Runnable> callbacks = List.copyOf(lease.abortCallbacks);
            lease.abortCallbacks.clear();
            callbacks.forEach(fx::add);
        }
        instance.leases.clear();
        instance.inFlight = 0;
    }

    private void beginClose(Effects fx) {
        closed = true;
        terminated = new CompletableFuture<>();
        if (retryTimer != null) {
            retryTimer.cancel();
        }
        failAllWaiters(fx, () -> new PoolClosedException(function()));
    }

    private void graceOver() {
        Effects fx = new Effects();
        synchronized (lock) {
            if (!stoppingAll) {
                stopAll(fx);
            }
        }
        fx.run();
    }

    private void finishDrainIfIdle(Effects fx) {
        if (closed && !stoppingAll && totalInFlight() == 0) {
            stopAll(fx);
        }
    }

    /** Stops every serving instance; STARTING ones are stopped when their launch returns. */
    private void stopAll(Effects fx) {
        stoppingAll = true;
        if (graceTimer != null) {
            graceTimer.cancel();
        }
        for (PoolInstance instance : instances.values()) {
            if (instance.serving() || instance.state == InstanceState.PAUSED) {
                abortLeases(instance, fx);
                instance.state = InstanceState.STOPPING;
                fx.add(() -> submitStop(instance));
            }
        }
        checkTerminated(fx);
    }

    private void submitStop(PoolInstance instance) {
        engine.stop(instance.launched, () -> stopped(instance));
    }

    private void stopped(PoolInstance instance) {
        Effects fx = new Effects();
        synchronized (lock) {
            instance.state = InstanceState.DEAD;
            instances.remove(instance.id, instance);
            checkTerminated(fx);
        }
        fx.run();
    }

    private void checkTerminated(Effects fx) {
        if (terminated != null && instances.isEmpty()) {
            CompletableFuture<Void> done = terminated;
            fx.add(() -> done.complete(null));
        }
    }

    // ---- helpers (under lock)

    private List<InstanceSnapshot> snapshots() {
        return instances.values().stream().map(PoolInstance::snapshot).toList();
    }

    private PoolInstance byContainer(String containerId) {
        for (PoolInstance instance : instances.values()) {
            if (instance.launched != null && instance.launched.containerId().equals(containerId)) {
                return instance;
            }
        }
        return null;
    }

    private boolean hasLive() {
        return instances.values().stream().anyMatch(i -> i.state.live());
    }

    private int totalInFlight() {
        return instances.values().stream().mapToInt(i -> i.inFlight).sum();
    }

    /** Unique within the pool and, through the time part, across gateway restarts (adopted instances keep theirs). */
    private String newId(Instant now) {
        String id;
        do {
            id = Long.toString(now.toEpochMilli(), 36) + "-" + (++nextId);
        } while (instances.containsKey(id));
        return id;
    }
}
