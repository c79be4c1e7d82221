package io.stoker.runtime.pool;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * <p>Words: <em>active</em> = STARTING, RESUMING, READY or BUSY; <em>standing</em> = PAUSING or PAUSED; <em>live</em>
 * = active or standing (everything but STOPPING and DEAD).
 * <ol>
 *   <li>An instance enters the pool STARTING when the pool asks the launcher for it (always on the launch executor,
 *       never on a caller's thread), or through {@link #adopt}: READY if the engine reports it running, else PAUSED.</li>
 *   <li>When the launch returns the instance is READY ({@link PoolListener#instanceStarted} COLD, timed from the
 *       request on the pool's clock) and queued calls are served. When it throws, the instance leaves the pool, cold
 *       launches pause for a back-off that doubles with each failure in a row, and if no instance is live the queued
 *       calls fail with {@link LaunchFailedException}; calls arriving during that back-off, with nothing live, fail
 *       the same way at once.</li>
 *   <li>Only READY instances get leases ({@link Scheduling#pick}); at {@code limits.concurrency} calls in flight an
 *       instance is BUSY, and READY again when one ends. PAUSING, PAUSED and RESUMING instances never get one, so a
 *       call never reaches a half-frozen container.</li>
 *   <li>Each lease ends exactly once, by {@link Lease#release}, {@link Lease#failed} or an abort; only that end lowers
 *       the in-flight count. {@code failed} marks the instance suspect (picked last) and asks the launcher whether it
 *       still runs (a "no" counts only while it is still READY or BUSY); a successful release clears the mark.</li>
 *   <li>An instance the engine reports gone ({@link #instanceExited}, or the check above) is DEAD: it leaves the pool
 *       at once, its open leases are aborted (their {@code onAbort} callbacks run), its container is removed, and the
 *       plan (item 10) runs again.</li>
 *   <li>An instance the pool stops is STOPPING until the launcher's {@code stop} returns, then leaves the pool
 *       ({@link PoolListener#instanceStopped}). {@link #reap} stops instances unused for {@code scale.idle} that are
 *       PAUSED, or READY with nothing in flight, least recently used first, while more than
 *       {@code max(min, desired) + standby} are live, and never a READY one that would leave fewer than
 *       {@code desired} active.</li>
 *   <li>Queued calls are served first-in first-out whenever room appears; each leaves the queue at its deadline through
 *       the {@link Timer}, even when nothing else happens.</li>
 *   <li>After {@code drain}/{@code close}/{@code detach} no call is accepted, queued calls fail with
 *       {@link PoolClosedException}, and a launch that finishes later is stopped at once. Stopping everything includes
 *       PAUSING, PAUSED and RESUMING instances; an engine call that completes on a stopped instance changes nothing.</li>
 *   <li>Pausing: {@link #reap} moves READY instances with nothing in flight, unused for {@code scale.pauseAfter},
 *       least recently used first and never below {@code desired} active, to PAUSING; the launcher's {@code pause}
 *       runs on the launch executor and the instance is PAUSED once it returns. If it throws, the instance is READY
 *       again and is tried after another {@code pauseAfter}. {@code pauseAfter: 0} means idle instances are never
 *       paused (standby instances still are). A standby launch (item 11) is paused as soon as it is READY, unless it
 *       took a queued call.</li>
 *   <li>The plan ({@link ScalePlanning#plan}), run whenever calls queue, instances change state, or
 *       {@link #setDesired} is called: active instances are wanted for the queued calls that active room does not
 *       cover, and up to {@code desired}. They come from PAUSED instances first, most recently used first (RESUMING,
 *       then READY when the launcher's {@code resume} returns: {@code instanceStarted} RESUME), then from PAUSING
 *       ones (resumed as soon as they are PAUSED, nothing is launched for them), then from cold launches. A failed
 *       resume ({@code instanceStartFailed} RESUME) stops that instance and runs the plan again, so another paused
 *       instance resumes or one launches; the queued calls stay queued and take whichever becomes READY first. The
 *       launch back-off stops cold launches only, never resumes.</li>
 *   <li>Sizes: live ≥ {@code scale.min}; once {@link #start} or {@link #reap} has run, standing instances plus
 *       standby launches still STARTING ≥ {@code scale.standby}; active ≥ {@code desired}; no launch takes live
 *       past {@code scale.max}.</li>
 * </ol>
 *
 * <h2>Thread-safety</h2>
 * Every public method is thread-safe and returns without waiting for the engine. All state is guarded by one lock,
 * held for short sections; launcher calls, future completions, abort callbacks, listener events and executor
 * submissions run after it is released ({@link Effects}), so a caller's continuation never runs under the lock and may
 * call back into the pool. The lock and state live in {@link PoolState}; {@link Launches}, {@link Standby} and
 * {@link Shutdown} hold the rules for launching, pausing/resuming and stopping.
 */
public final class FunctionPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FunctionPool.class);

    private final PoolState state;
    final Launches launches;
    final Standby standby;
    final Shutdown shutdown;

    /** A pool without event listener; see the full constructor. */
    public FunctionPool(FunctionSpec spec, String specHash, InstanceLauncher launcher, PoolSettings settings,
            Clock clock, Executor launchExecutor, Timer timer) {
        this(spec, specHash, launcher, settings, clock, launchExecutor, timer, PoolListener.NONE);
    }

    /**
     * @param specHash label value the launched containers carry
     * @param launchExecutor runs the blocking launcher calls; must run them on other threads (a direct executor would
     *     make {@link #acquire} block on the engine)
     * @param timer deadlines, back-off and drain grace; the clock and the timer must agree on time
     * @param listener told of starts, failed starts and stops, for metrics
     */
    public FunctionPool(FunctionSpec spec, String specHash, InstanceLauncher launcher, PoolSettings settings,
            Clock clock, Executor launchExecutor, Timer timer, PoolListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(specHash, "specHash");
        EngineCalls engine = new EngineCalls(spec, specHash, Objects.requireNonNull(launcher, "launcher"),
                Objects.requireNonNull(launchExecutor, "launchExecutor"));
        this.state = new PoolState(spec, specHash, engine, Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(timer, "timer"),
                Objects.requireNonNull(listener, "listener"));
        if (state.concurrency < 1) {
            throw new IllegalArgumentException("function '" + spec.name() + "': limits.concurrency must be >= 1, was "
                    + state.concurrency);
        }
        this.launches = new Launches(state, this);
        this.standby = new Standby(state, this);
        this.shutdown = new Shutdown(state, this);
    }

    public String function() {
        return state.function();
    }

    public String specHash() {
        return state.specHash;
    }

    public FunctionSpec spec() {
        return state.spec;
    }

    /** Launches {@code scale.min} instances and {@code scale.standby} paused ones (in the background). */
    public void start() {
        state.locked(fx -> {
            state.standbyArmed = true;
            launches.plan(fx, state.clock.instant());
        });
    }

    /**
     * The autoscaler's wish: keep at least {@code desired} (capped at {@code scale.max}) active instances, resuming
     * or launching them now even without calls; pausing and reaping leave that many active. 0 withdraws the wish.
     *
     * @throws IllegalArgumentException when {@code desired} is negative
     */
    public void setDesired(int desired) {
        if (desired < 0) {
            throw new IllegalArgumentException("function '" + function() + "': desired instances must be >= 0, was "
                    + desired);
        }
        state.locked(fx -> {
            state.desired = Math.min(desired, state.spec.scale().max());
            launches.plan(fx, state.clock.instant());
        });
    }

    /** The last {@link #setDesired} value, capped at {@code scale.max}. */
    public int desired() {
        synchronized (state.lock) {
            return state.desired;
        }
    }

    /**
     * A lease on an instance, now or once one is free; never blocks. Completes exceptionally with a
     * {@link PoolException}. Cancelling the future withdraws the call (a lease granted meanwhile is released).
     */
    public CompletableFuture<Lease> acquire(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        CompletableFuture<Lease> result = new CompletableFuture<>();
        state.locked(fx -> admit(result, deadline, fx));
        return result;
    }

    private void admit(CompletableFuture<Lease> result, Instant deadline, Effects fx) {
        Instant now = state.clock.instant();
        if (state.closed) {
            failLater(fx, result, new PoolClosedException(function()));
            return;
        }
        if (!now.isBefore(deadline)) {
            failLater(fx, result, new DeadlineExceededException(function(), deadline));
            return;
        }
        ArrayDeque<Waiter> queue = state.queue;
        // Taking an instance directly while others wait would overtake them.
        if (queue.isEmpty()) {
            PoolLease lease = tryLease(now);
            if (lease != null) {
                hand(fx, result, lease);
                return;
            }
        }
        int limit = state.settings.queueLimit();
        if (queue.size() >= limit) {
            queue.removeIf(w -> w.future.isDone()); // withdrawn calls do not count
            if (queue.size() >= limit) {
                failLater(fx, result, new QueueFullException(function(), limit));
                return;
            }
        }
        if (launches.failFast(now)) {
            failLater(fx, result, new LaunchFailedException(function(), launches.lastError()));
            return;
        }
        Waiter waiter = new Waiter(result, deadline);
        queue.addLast(waiter);
        waiter.deadlineTimer = state.timer.schedule(() -> deadlinePassed(waiter), Duration.between(now, deadline));
        // A caller that gives up (its client left) leaves the queue at once, its slot and timer with it.
        result.whenComplete((lease, error) -> {
            if (result.isCancelled()) {
                withdraw(waiter);
            }
        });
        launches.plan(fx, now);
    }

    private void withdraw(Waiter waiter) {
        state.locked(fx -> {
            if (state.queue.remove(waiter)) {
                waiter.cancelDeadlineTimer();
            }
        });
    }

    /**
     * Adds a container found at gateway start, with nothing in flight: READY when the engine reports it running,
     * PAUSED otherwise (pass only running or paused containers, never exited ones).
     */
    public void adopt(LaunchedInstance found) {
        Objects.requireNonNull(found, "found");
        state.locked(fx -> {
            if (state.closed) {
                fx.add(() -> state.engine.stop(found, () -> {}));
            } else if (state.byContainer(found.containerId()) == null) {
                Instant now = state.clock.instant();
                String id = state.instances.containsKey(found.instanceId()) ? state.newId(now) : found.instanceId();
                PoolInstance instance = new PoolInstance(id, now);
                instance.ready(found, now);
                if (!found.running()) {
                    instance.state = InstanceState.PAUSED;
                }
                state.instances.put(id, instance);
                dispatch(fx, now);
                if (!state.queue.isEmpty()) {
                    launches.plan(fx, now); // a paused one may serve them; sizes are restored by start()
                }
            }
        });
    }

    /** The engine reports the container gone: the instance is DEAD, its leases abort, a replacement starts if needed. */
    public void instanceExited(ContainerExit exit) {
        Objects.requireNonNull(exit, "exit");
        state.locked(fx -> {
            PoolInstance instance = state.byContainer(exit.containerId());
            if (instance != null && instance.state != InstanceState.STOPPING) {
                // (STOPPING: we are stopping it and its stop completion removes it)
                exited(instance, InstanceLoss.Cause.of(exit.cause()), fx);
            }
        });
    }

    /**
     * Compares the pool with what the engine runs, after the engine was away: {@code alive} are the containers it
     * listed running or paused, at {@code listedAt} or later. An instance that was ready before {@code listedAt} and
     * whose container is not among them is gone ({@link InstanceLoss.Cause#VANISHED}); then the launch back-off that
     * grew while the engine was away ends, and the plan tops the pool up.
     */
    public void reconcile(Set<String> alive, Instant listedAt) {
        Objects.requireNonNull(alive, "alive");
        Objects.requireNonNull(listedAt, "listedAt");
        state.locked(fx -> {
            if (state.closed) {
                return;
            }
            for (PoolInstance instance : List.copyOf(state.instances.values())) {
                boolean judged = instance.launched != null && instance.state != InstanceState.STOPPING
                        && instance.readyAt != null && instance.readyAt.isBefore(listedAt);
                if (judged && !alive.contains(instance.launched.containerId())) {
                    exited(instance, InstanceLoss.Cause.VANISHED, fx);
                }
            }
            launches.engineBack(fx, state.clock.instant());
        });
    }

    /** Whether {@code instanceId} is one of this pool's instances, in any state (a launch still starting included). */
    public boolean owns(String instanceId) {
        synchronized (state.lock) {
            return state.instances.containsKey(instanceId);
        }
    }

    private void exited(PoolInstance instance, InstanceLoss.Cause cause, Effects fx) {
        LOG.infof("function %s: instance %s (%s) is gone (%s) with %d calls in flight",
                function(), instance.id, instance.launched.containerId(), cause, instance.inFlight);
        instance.state = InstanceState.DEAD;
        state.instances.remove(instance.id);
        abortLeases(instance, cause, fx);
        LaunchedInstance gone = instance.launched;
        fx.add(() -> state.engine.stop(gone, () -> {})); // remove the exited container
        fx.add(() -> state.listener.instanceStopped(function(), "exited"));
        launches.plan(fx, state.clock.instant());
        shutdown.finishDrainIfIdle(fx);
        shutdown.checkTerminated(fx);
    }

    /**
     * The periodic sweep: pauses instances idle for {@code scale.pauseAfter}, stops those idle for {@code scale.idle}
     * (contract items 6 and 9), and restores {@code min}, {@code standby} and {@code desired}.
     */
    public void reap() {
        state.locked(fx -> {
            if (state.closed) {
                return;
            }
            state.standbyArmed = true;
            Instant now = state.clock.instant();
            for (InstanceSnapshot idle : ScalePlanning.toReap(state.snapshots(), now, state.spec.scale().idle(),
                    state.targets())) {
                shutdown.stop(state.instances.get(idle.id()), "idle", fx);
            }
            standby.pauseIdle(fx, now);
            launches.plan(fx, now);
        });
    }

    public PoolSnapshot snapshot() {
        synchronized (state.lock) {
            return new PoolSnapshot(function(), state.specHash, state.snapshots(), state.waiting(), state.closed,
                    launches.lastError(), state.desired);
        }
    }

    /**
     * Stops taking calls (queued ones fail with {@link PoolClosedException}), waits up to {@code grace} for calls in
     * flight, then stops every instance (aborting leases still out). Completes when all instances are gone.
     */
    public CompletableFuture<Void> drain(Duration grace) {
        return shutdown.drain(Objects.requireNonNull(grace, "grace"));
    }

    /** Stops every instance now (leases out are aborted); see {@link #drain} to wait for calls in flight. */
    @Override
    public void close() {
        shutdown.close();
    }

    /** Stops taking calls but leaves the containers running, for a restarted gateway to {@link #adopt} them. */
    public void detach() {
        shutdown.detach();
    }

    // ---- leases (called by PoolLease)

    /**
     * Ends a lease: a release ({@code cause} null; {@code verdict} null, so the warm path allocates nothing for it),
     * or a failed call, whose {@code verdict} gets what the pool finds of the instance.
     */
    void endLease(PoolLease lease, Throwable cause, CompletableFuture<Optional<InstanceLoss>> verdict) {
        state.locked(fx -> {
            if (lease.ended) {
                if (verdict != null) {
                    verdict.complete(Optional.ofNullable(lease.aborted ? lease.instance.loss : null));
                }
                return;
            }
            lease.ended = true;
            PoolInstance instance = lease.instance;
            instance.leases.remove(lease);
            instance.inFlight--;
            Instant now = state.clock.instant();
            instance.lastUsed = now;
            instance.updateBusy(state.concurrency);
            if (cause == null) {
                instance.suspect = false;
            } else if (instance.serving() && state.instances.get(instance.id) == instance) {
                instance.suspect = true;
                if (instance.verdict == null) {
                    LOG.debugf("function %s: instance %s suspect after %s", function(), instance.id, cause);
                    instance.verdict = new CompletableFuture<>();
                    fx.add(() -> check(instance, true));
                }
                instance.failedAwaitingVerdict++;
                instance.verdict.whenComplete((found, e) -> verdict.complete(found));
            } else {
                verdict.complete(Optional.ofNullable(instance.loss));
            }
            dispatch(fx, now);
            shutdown.finishDrainIfIdle(fx);
        });
    }

    /**
     * Asks the engine about a suspect instance. A container that ended is DEAD with the engine's cause; one that still
     * runs is asked again after {@link PoolSettings#lossGrace} (an instance killed a moment ago may still be listed
     * running), and only then is the failure the call's own; an engine that does not answer took the instance with it.
     */
    private void check(PoolInstance instance, boolean first) {
        state.engine.checkExit(instance.launched, exit -> state.locked(fx -> {
            if (state.instances.get(instance.id) != instance || !instance.serving()) {
                // Stopped, paused or detached meanwhile: lost only if it was lost.
                settle(instance, Optional.ofNullable(instance.loss), fx);
            } else if (exit.isPresent()) {
                exited(instance, InstanceLoss.Cause.of(exit.get().cause()), fx);
            } else if (first) {
                state.timer.schedule(() -> check(instance, false), state.settings.lossGrace());
            } else {
                settle(instance, Optional.empty(), fx);
            }
        }), error -> state.locked(fx -> {
            if (state.instances.get(instance.id) == instance && instance.serving()
                    && EngineException.unreachable(error)) {
                exited(instance, InstanceLoss.Cause.ENGINE_LOST, fx);
            } else {
                settle(instance, Optional.ofNullable(instance.loss), fx);
            }
        }));
    }

    /** Completes the instance's pending check, if any, with what was found. Under lock. */
    private static void settle(PoolInstance instance, Optional<InstanceLoss> found, Effects fx) {
        CompletableFuture<Optional<InstanceLoss>> verdict = instance.verdict;
        instance.verdict = null;
        instance.failedAwaitingVerdict = 0;
        if (verdict != null) {
            fx.add(() -> verdict.complete(found));
        }
    }

    void onAbort(PoolLease lease, Runnable callback) {
        boolean runNow;
        synchronized (state.lock) {
            runNow = lease.aborted;
            if (!lease.ended) {
                lease.abortCallbacks.add(callback);
            }
        }
        if (runNow) {
            callback.run();
        }
    }

    // ---- handing out (under lock)

    /** Takes a lease on the instance {@link Scheduling#pick} chooses, or returns null. */
    private PoolLease tryLease(Instant now) {
        Optional<InstanceSnapshot> pick = Scheduling.pick(state.snapshots(), state.concurrency);
        if (pick.isEmpty()) {
            return null;
        }
        PoolInstance instance = state.instances.get(pick.get().id());
        instance.inFlight++;
        instance.lastUsed = now;
        instance.standby = false;
        instance.updateBusy(state.concurrency);
        PoolLease lease = new PoolLease(this, instance);
        instance.leases.add(lease);
        return lease;
    }

    /** Serves queued calls in order while an instance has room. Under lock. */
    void dispatch(Effects fx, Instant now) {
        ArrayDeque<Waiter> queue = state.queue;
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
        state.locked(fx -> {
            if (state.queue.remove(waiter)) {
                failLater(fx, waiter.future, new DeadlineExceededException(function(), waiter.deadline,
                        launches.lastError()));
            }
        });
    }

    /** Under lock. */
    void failAllWaiters(Effects fx, Supplier<PoolException> error) {
        for (Waiter waiter : state.queue) {
            waiter.cancelDeadlineTimer();
            failLater(fx, waiter.future, error.get());
        }
        state.queue.clear();
    }

    private static void failLater(Effects fx, CompletableFuture<Lease> future, PoolException error) {
        fx.add(() -> future.completeExceptionally(error));
    }

    /**
     * Ends every lease on {@code instance} as aborted, records why it was lost, completes a pending engine check with
     * that, and runs the leases' callbacks (after the lock). Under lock.
     */
    void abortLeases(PoolInstance instance, InstanceLoss.Cause cause, Effects fx) {
        // The calls that failed before the engine said why were in flight when it went, as much as those still out.
        InstanceLoss loss = new InstanceLoss(cause, instance.inFlight + instance.failedAwaitingVerdict);
        instance.loss = loss;
        for (PoolLease lease : instance.leases) {
            lease.ended = true;
            lease.aborted = true;
            List<Runnable> callbacks = List.copyOf(lease.abortCallbacks);
            lease.abortCallbacks.clear();
            callbacks.forEach(fx::add);
        }
        instance.leases.clear();
        instance.inFlight = 0;
        settle(instance, Optional.of(loss), fx);
    }
}
