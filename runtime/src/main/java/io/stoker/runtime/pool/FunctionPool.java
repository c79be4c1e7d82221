package io.stoker.runtime.pool;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
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
 *   <li>Only READY instances get leases (by the rule of {@link Scheduling#pick}); at {@code limits.concurrency}
 *       calls in flight an instance shows as BUSY, and READY again when one ends. PAUSING, PAUSED and RESUMING
 *       instances never get one, so a call never reaches a half-frozen container.</li>
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
 *       took a queued call. A launcher that cannot pause ({@code canPause} false: Kubernetes) is never asked to:
 *       {@code scale.standby} instances are kept READY on top of {@code min} and {@code desired}
 *       ({@link ScalePlanning#readyStandby}).</li>
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
 * Every public method is thread-safe and returns without waiting for the engine. Instances, the queue and every
 * decision are guarded by one lock, held for short sections; launcher calls, future completions, abort callbacks,
 * listener events and executor submissions run after it is released ({@link Effects}), so a caller's continuation never
 * runs under the lock and may call back into the pool. The lock and state live in {@link PoolState}; {@link Launches},
 * {@link Standby} and {@link Shutdown} hold the rules for launching, pausing/resuming and stopping.
 *
 * <p><b>The warm call path takes no lock.</b> {@link #acquire}, {@link Lease#release}, {@link Lease#onAbort} and
 * {@link Lease#loss} work on atomics ({@link Leases}, {@link InstanceCalls}, {@link PoolLease}):
 * <ol>
 *   <li><em>Acquire</em>: when no call is queued (a volatile size; taking room then would overtake the queue) and the
 *       pool is open, pick a READY instance from a volatile array republished under the lock whenever the set
 *       changes, and count the call with a compare-and-set while its count is below {@code concurrency}; then
 *       register the lease in a free slot of the instance. Otherwise, or when nothing has room, take the lock: queue,
 *       launch, resume, as in the contract.</li>
 *   <li><em>Out of service</em>: a lock holder closes an instance by setting a bit in its count, which puts the count
 *       above any limit in the same atomic step. Pausing and reaping close only a count of exactly 0 (and back off if a
 *       call came and went since they looked), so a paused or reaped instance never has a call. A death or a stop of
 *       the pool closes whatever the count and then aborts the leases in the slots; an acquire that counted before the
 *       close re-checks the bit (and the pool's closed flag) after registering and undoes itself, so no lease is handed
 *       out on an instance that is gone.</li>
 *   <li><em>End</em>: a lease's end is one compare-and-set (release, failure or abort: exactly one wins); the winner
 *       frees the slot and lowers the count. A release then reads the queue size and takes the lock to hand its room
 *       to the head of the queue only when someone waits (or the pool drains). No lost wake-up: an enqueuer publishes
 *       the size and then looks for room again under the lock, a releaser frees room and then reads the size, so at
 *       least one of them sees the other. A failed call always takes the lock (the engine check).</li>
 *   <li><em>onAbort</em> stores its callback in the lease with a compare-and-set; an abort swaps in a marker after
 *       winning the lease's end and runs what it found, a callback that finds the marker runs itself.</li>
 *   <li><em>Balance</em>: the pick applies {@link Scheduling#pick}'s rule (least in flight, healthy before suspect,
 *       most recently used) to counters read one by one, so under concurrent calls it is the rule on a moment's view
 *       rather than on one frozen state. Snapshots ({@link #snapshot}) are built only for describe, metrics and
 *       planning, under the lock; the last use is a long on the pool's nanosecond time line, converted for them.</li>
 * </ol>
 * {@link #busyNanos} reads the per-slot call time under the lock (the writers stay lock-free; see {@link BusyTime}).
 */
public final class FunctionPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FunctionPool.class);

    private final PoolState state;
    final Leases leases;
    final FailedCalls failedCalls;
    final Launches launches;
    final Standby standby;
    final Shutdown shutdown;

    /** A pool without event listener; see the full constructor. */
    public FunctionPool(FunctionSpec spec, String specHash, InstanceLauncher launcher, PoolSettings settings,
            Clock clock, Executor launchExecutor, Timer timer) {
        this(spec, specHash, launcher, settings, clock, launchExecutor, timer, PoolListener.NONE);
    }

    /** A pool whose nanosecond time line follows {@code clock} ({@link #nanoTimeOf}); see the full constructor. */
    public FunctionPool(FunctionSpec spec, String specHash, InstanceLauncher launcher, PoolSettings settings,
            Clock clock, Executor launchExecutor, Timer timer, PoolListener listener) {
        this(spec, specHash, launcher, settings, clock, nanoTimeOf(Objects.requireNonNull(clock, "clock")),
                launchExecutor, timer, listener);
    }

    /**
     * @param specHash label value the launched containers carry
     * @param clock the pool's time for deadlines, idleness and events
     * @param nanoTime the pool's nanosecond time source, for call time ({@link #busyNanos}) and last use; must agree
     *     with {@code clock} on how fast time passes ({@link System#nanoTime} with the system clock; a virtual clock's
     *     own nanoseconds in tests)
     * @param launchExecutor runs the blocking launcher calls; must run them on other threads (a direct executor would
     *     make {@link #acquire} block on the engine)
     * @param timer deadlines, back-off and drain grace; the clock and the timer must agree on time
     * @param listener told of starts, failed starts and stops, for metrics
     */
    public FunctionPool(FunctionSpec spec, String specHash, InstanceLauncher launcher, PoolSettings settings,
            Clock clock, LongSupplier nanoTime, Executor launchExecutor, Timer timer, PoolListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(specHash, "specHash");
        EngineCalls engine = new EngineCalls(spec, specHash, Objects.requireNonNull(launcher, "launcher"),
                Objects.requireNonNull(launchExecutor, "launchExecutor"));
        int concurrency = spec.limits().concurrency();
        if (concurrency < 1 || concurrency >= InstanceCalls.CLOSED) {
            throw new IllegalArgumentException("function '" + spec.name() + "': limits.concurrency must be in 1.."
                    + (InstanceCalls.CLOSED - 1) + ", was " + concurrency);
        }
        this.state = new PoolState(spec, specHash, engine, Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(nanoTime, "nanoTime"),
                Objects.requireNonNull(timer, "timer"), Objects.requireNonNull(listener, "listener"));
        this.leases = new Leases(state, this);
        this.failedCalls = new FailedCalls(state, this);
        this.launches = new Launches(state, this);
        this.standby = new Standby(state, this);
        this.shutdown = new Shutdown(state, this);
    }

    /**
     * The nanosecond source that agrees with {@code clock}: {@link System#nanoTime} for the system clock (monotonic,
     * and cheap on the call path), else the clock's own instant in nanoseconds, so a pool on a virtual clock measures
     * idleness and call time in that virtual time.
     */
    public static LongSupplier nanoTimeOf(Clock clock) {
        if (clock.getClass() == Clock.systemUTC().getClass()) {
            return System::nanoTime;
        }
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
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
        return state.read(() -> state.desired);
    }

    /**
     * A lease on an instance, now or once one is free; never blocks. Completes exceptionally with a
     * {@link PoolException}. Cancelling the future withdraws the call (a lease granted meanwhile is released).
     */
    public CompletableFuture<Lease> acquire(Instant deadline) {
        return acquire(epochMillis(Objects.requireNonNull(deadline, "deadline")));
    }

    /**
     * {@link #acquire(Instant)} with the deadline in milliseconds since the epoch on the pool's clock, so a caller
     * need not allocate an {@code Instant}. When no call waits and a READY instance has room, the lease is taken
     * without the pool's lock and the future returned is already complete.
     */
    public CompletableFuture<Lease> acquire(long deadlineEpochMillis) {
        // Only when nobody waits: taking room while others wait would overtake them.
        if (state.queue.isEmpty() && !state.closed && state.clock.millis() < deadlineEpochMillis) {
            PoolLease lease = leases.tryLease();
            if (lease != null) {
                return CompletableFuture.completedFuture(lease);
            }
        }
        CompletableFuture<Lease> result = new CompletableFuture<>();
        state.locked(fx -> admit(result, deadlineEpochMillis, fx));
        return result;
    }

    private static long epochMillis(Instant deadline) {
        try {
            return deadline.toEpochMilli();
        } catch (ArithmeticException tooFar) {
            return deadline.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    /** The slow path: under lock, the call gets an instance, waits in the queue, or fails. */
    private void admit(CompletableFuture<Lease> result, long deadline, Effects fx) {
        long nowMillis = state.clock.millis();
        if (state.closed) {
            failLater(fx, result, new PoolClosedException(function()));
            shutdown.finishDrainIfIdle(fx); // a lock-free acquire that undid itself after the close ends up here
            return;
        }
        if (nowMillis >= deadline) {
            failLater(fx, result, new DeadlineExceededException(function(), Instant.ofEpochMilli(deadline)));
            return;
        }
        WaitQueue queue = state.queue;
        // Taking an instance directly while others wait would overtake them.
        if (queue.isEmpty()) {
            PoolLease lease = leases.tryLease();
            if (lease != null) {
                hand(fx, result, lease);
                return;
            }
        }
        int limit = state.settings.queueLimit();
        if (queue.size() >= limit) {
            queue.removeDone(); // withdrawn calls do not count
            if (queue.size() >= limit) {
                failLater(fx, result, new QueueFullException(function(), limit));
                return;
            }
        }
        Instant now = state.clock.instant();
        if (launches.failFast(now)) {
            failLater(fx, result, new LaunchFailedException(function(), launches.lastError()));
            return;
        }
        Waiter waiter = new Waiter(result, Instant.ofEpochMilli(deadline));
        queue.addLast(waiter);
        waiter.deadlineTimer = state.timer.schedule(() -> deadlinePassed(waiter),
                Duration.ofMillis(deadline - nowMillis));
        // A caller that gives up (its client left) leaves the queue at once, its slot and timer with it.
        result.whenComplete((lease, error) -> {
            if (result.isCancelled()) {
                withdraw(waiter);
            }
        });
        // The queue's size is published: a release from now on takes the lock. Room freed by one that read it just
        // before is found here.
        dispatch(fx);
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
                PoolInstance instance = state.newInstance(id, now);
                if (found.running()) {
                    instance.ready(found, now, state.nanos());
                } else {
                    instance.launched = found;
                    instance.readyAt = now;
                    instance.state = InstanceState.PAUSED; // its count stays closed
                }
                state.add(instance);
                dispatch(fx);
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
        return state.read(() -> state.instances.containsKey(instanceId));
    }

    /** The instance is gone: DEAD, its leases aborted, out of the pool, its container removed. Under lock. */
    void exited(PoolInstance instance, InstanceLoss.Cause cause, Effects fx) {
        LOG.infof("function %s: instance %s (%s) is gone (%s) with %d calls in flight",
                function(), instance.id, instance.launched.containerId(), cause, instance.calls.inFlight());
        instance.state = InstanceState.DEAD;
        abortLeases(instance, cause, fx);
        state.remove(instance);
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
            long nowNanos = state.nanos();
            for (InstanceSnapshot idle : ScalePlanning.toReap(state.snapshots(now, nowNanos), now,
                    state.spec.scale().idle(), state.targets())) {
                PoolInstance instance = state.instances.get(idle.id());
                // A call may have taken it since the snapshot, without the lock: then it stays.
                if (instance.calls.closeIfUnusedSince(nowNanos)) {
                    shutdown.stop(instance, "idle", fx);
                }
            }
            standby.pauseIdle(fx, now);
            launches.plan(fx, now);
        });
    }

    public PoolSnapshot snapshot() {
        return state.read(() -> new PoolSnapshot(function(), state.specHash, state.snapshots(), state.waiting(),
                state.closed, launches.lastError(), state.desired));
    }

    /**
     * Call-time in nanoseconds summed over all calls, up to now (calls still in flight count up to now): monotonic;
     * the difference of two reads divided by the nanoseconds between them is the time-weighted concurrency.
     *
     * <p>On the pool's nanosecond time line (see the constructor), so two reads are divided by the difference of that
     * time source; an aborted lease stops counting at its abort. Takes the pool's lock briefly (the calls themselves
     * count without it; see {@link BusyTime}).
     */
    public long busyNanos() {
        return state.read(() -> state.busy.read(state.instances.values(), state::nanos));
    }

    /** {@link #busyNanos} without its high-water mark, to test the sum itself. */
    long sampleBusyNanos() {
        return state.read(() -> state.busy.sample(state.instances.values(), state::nanos));
    }

    /**
     * Instances that left the pool and still have calls counted (for tests: once their calls are over it is 0, and a
     * lease that ended twice or never would keep its instance here).
     */
    int retiredPending() {
        return state.read(state.busy::retiredPending);
    }

    /** Entries into the pool's lock so far, to show which paths take none. */
    long lockEntries() {
        return state.lockEntries();
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
     * or a failed call, whose {@code verdict} gets what the pool finds of the instance. A release takes the lock only
     * when a call waits for its room or the pool is draining.
     */
    void endLease(PoolLease lease, Throwable cause, CompletableFuture<Optional<InstanceLoss>> verdict) {
        if (!leases.end(lease)) {
            if (verdict != null) {
                verdict.complete(Optional.ofNullable(lease.loss()));
            }
            return;
        }
        PoolInstance instance = lease.instance;
        if (cause == null && instance.suspect) {
            instance.suspect = false; // a successful call clears the mark; written only when set
        }
        if (cause != null) {
            state.locked(fx -> {
                failedCalls.judge(instance, cause, verdict, fx);
                dispatch(fx);
                shutdown.finishDrainIfIdle(fx);
            });
        } else if (!state.queue.isEmpty() || state.closed) { // read after the count dropped: see WaitQueue
            state.locked(fx -> {
                dispatch(fx);
                shutdown.finishDrainIfIdle(fx);
            });
        }
    }

    // ---- handing out (under lock)

    /** Serves queued calls in order while an instance has room. Under lock. */
    void dispatch(Effects fx) {
        state.ready.republish(state.instances.values()); // an instance may have become READY in this section
        WaitQueue queue = state.queue;
        while (!queue.isEmpty()) {
            Waiter waiter = queue.peekFirst();
            if (!waiter.future.isDone()) {
                PoolLease lease = leases.tryLease();
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
     * Closes {@code instance} to new calls, ends every lease on it as aborted, records why it was lost, completes a
     * pending engine check with that, and collects the leases' callbacks (run after the lock). Under lock.
     */
    void abortLeases(PoolInstance instance, InstanceLoss.Cause cause, Effects fx) {
        instance.calls.close();
        // The calls that failed before the engine said why were in flight when it went, as much as those still out.
        // (The count may include an acquire that counted a moment before the close and is undoing itself.)
        InstanceLoss loss = new InstanceLoss(cause, instance.calls.inFlight() + instance.failedAwaitingVerdict);
        instance.loss = loss; // before the aborts: an aborted lease reads it
        leases.abortAll(instance, fx);
        FailedCalls.settle(instance, Optional.of(loss), fx);
    }
}
