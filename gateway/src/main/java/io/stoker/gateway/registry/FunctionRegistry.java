package io.stoker.gateway.registry;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.engine.PoolFactory;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.pool.FunctionPool;
import io.stoker.runtime.pool.Lease;
import io.stoker.runtime.spec.FunctionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Deployed functions by name. Lookups (the invoke path) are a lock-free map read; deploys and
 * deletes of one name are serialized, and a deploy only replaces the running version once the
 * new one has a ready instance, so a broken update never takes down what already works.
 */
@ApplicationScoped
public class FunctionRegistry implements FunctionLookup {

    private static final Logger LOG = Logger.getLogger(FunctionRegistry.class);

    private final Map<String, DeployedFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, Object> nameLocks = new ConcurrentHashMap<>();
    /** Replaced or deleted versions still finishing their calls; they must hear of crashes too. */
    private final java.util.Set<FunctionPool> draining = ConcurrentHashMap.newKeySet();
    /** New versions waiting for their first instance: their containers are theirs, and their crashes count too. */
    private final java.util.Set<FunctionPool> warming = ConcurrentHashMap.newKeySet();
    private final FunctionStore store;
    private final PoolFactory pools;
    private final InstanceLauncher launcher;
    private final Clock clock;
    private final StokerConfig config;
    private final jakarta.enterprise.event.Event<FunctionChanged> changes;
    /** False until {@link #restore()} succeeded: until then the stored functions are not known to serve. */
    private volatile boolean restored;

    private final SecretVersions secrets;

    /** Applies the changes other gateways made to a shared store, one at a time, off the store's watch thread. */
    private final java.util.concurrent.ExecutorService sync = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "stoker-registry-sync");
                t.setDaemon(true);
                return t;
            });

    public FunctionRegistry(StokerConfig config, PoolFactory pools, InstanceLauncher launcher, Clock clock,
                            jakarta.enterprise.event.Event<FunctionChanged> changes, FunctionStore store,
                            SecretVersions secrets) {
        this.secrets = secrets;
        this.changes = changes;
        this.store = store;
        this.pools = pools;
        this.launcher = launcher;
        this.clock = clock;
        this.config = config;
    }

    /**
     * The function, for the API. A name that is not found before the functions were restored throws instead (503):
     * the function may well exist, the engine has not answered yet.
     */
    public Optional<DeployedFunction> get(String name) {
        DeployedFunction fn = functions.get(name);
        if (fn == null) {
            requireRestored();
        }
        return Optional.ofNullable(fn);
    }

    /** The function or null, with no other check: for the invoke path, which tells a miss apart itself. */
    public DeployedFunction lookup(String name) {
        return functions.get(name);
    }

    /** Whether the stored functions are loaded and their containers adopted (the engine answered at least once). */
    public boolean restored() {
        return restored;
    }

    /** Throws while the gateway waits for the container engine to restore the functions. */
    public void requireRestored() {
        if (!restored) {
            throw new io.stoker.runtime.engine.EngineException(WAITING_FOR_ENGINE);
        }
    }

    /** What callers are told while the functions are not restored yet. */
    public static final String WAITING_FOR_ENGINE = "the gateway is waiting for the container engine to answer before "
            + "it serves its functions; start it (bin/stoker up, or deploy/install-prereqs.sh) and try again";

    public Collection<DeployedFunction> all() {
        return functions.values().stream().sorted(java.util.Comparator.comparing(DeployedFunction::name)).toList();
    }

    /**
     * Creates or updates a function and waits until one instance of the new version answers. An
     * unchanged spec is a no-op. On failure the previous version (if any) keeps serving.
     *
     * @return the function and whether anything changed
     */
    public DeployResult deploy(FunctionSpec spec, Consumer<String> progress) {
        requireRestored();
        secrets.requireExisting(spec);
        launcher.requireSupported(spec);
        synchronized (lockFor(spec.name())) {
            String hash = secrets.hashOf(spec);
            DeployedFunction current = functions.get(spec.name());
            if (current != null && current.specHash().equals(hash)) {
                progress.accept("function " + spec.name() + " is unchanged");
                return new DeployResult(current, false);
            }
            FunctionPool pool = pools.create(spec, hash);
            warming.add(pool);
            pool.start();
            try {
                progress.accept("starting an instance of " + spec.name() + " (" + spec.image() + ")");
                warmUp(pool);
            } catch (RuntimeException e) {
                pool.close();
                warming.remove(pool);
                secrets.release(spec.name(), hash);
                throw e;
            }
            Instant now = clock.instant();
            Instant created = current == null ? now : current.createdAt();
            DeployedFunction next = new DeployedFunction(spec, hash, pool, created, now);
            try {
                // Checked against the version serving here: a shared store refuses it if another gateway changed it.
                store.save(new FunctionStore.Stored(spec, created, now), current == null ? null : current.specHash());
            } catch (RuntimeException e) {
                pool.close();
                warming.remove(pool);
                throw e;
            }
            if (current != null) {
                draining.add(current.pool()); // before it leaves `functions`: livePools() always sees it
            }
            functions.put(spec.name(), next);
            warming.remove(pool);
            if (current != null) {
                progress.accept("draining the previous version of " + spec.name());
                drain(current);
            }
            changes.fire(new FunctionChanged(spec.name(), java.util.Optional.of(spec)));
            return new DeployResult(next, true);
        }
    }

    /** The result of {@link #deploy}. */
    public record DeployResult(DeployedFunction function, boolean changed) {}

    /** Removes a function; its in-flight calls may finish within the drain grace. */
    public boolean delete(String name) {
        requireRestored();
        synchronized (lockFor(name)) {
            DeployedFunction gone = functions.get(name);
            if (gone == null) {
                return false;
            }
            store.delete(name, gone.specHash()); // first: a store that refuses it leaves the function serving
            draining.add(gone.pool()); // before it leaves `functions`: livePools() always sees it
            functions.remove(name);
            drain(gone);
            changes.fire(new FunctionChanged(name, java.util.Optional.empty()));
            return true;
        }
    }

    /**
     * Loads the stored functions, adopts the containers that still match them and removes the
     * rest, so a restarted gateway serves warm at once. The engine is asked first: when it does not answer, this
     * throws and changes nothing, so it can be called again.
     */
    public synchronized void restore() {
        if (restored) {
            return;
        }
        List<LaunchedInstance> found = launcher.findAll();
        int adopted = 0;
        for (FunctionStore.Stored stored : store.loadAll()) {
            FunctionSpec spec = stored.spec();
            String hash = secrets.hashOf(spec);
            FunctionPool pool = pools.create(spec, hash);
            functions.put(spec.name(), new DeployedFunction(spec, hash, pool, stored.createdAt(), stored.updatedAt()));
        }
        for (LaunchedInstance instance : found) {
            DeployedFunction fn = functions.get(instance.function());
            if (fn != null && fn.specHash().equals(instance.specHash()) && instance.alive()) {
                fn.pool().adopt(instance);
                adopted++;
                LOG.infof("adopted instance %s of %s", instance.instanceId(), instance.function());
            } else {
                LOG.infof("removing container %s (function %s no longer matches)", instance.containerId(), instance.function());
                pools.stopQuietly(instance);
            }
        }
        secrets.retainOnly(functions.values());
        functions.values().forEach(fn -> fn.pool().start());
        restored = true;
        functions.values().forEach(fn -> changes.fire(new FunctionChanged(fn.name(), java.util.Optional.of(fn.spec()))));
        LOG.infof("restored %d functions; of %d containers found, adopted %d and removed %d", functions.size(),
                found.size(), adopted, found.size() - adopted);
        // From now on the changes other gateways make reach this one; a change made between the list above and the
        // watch's own first list is seen through that list.
        store.watch(name -> sync.execute(() -> follow(name)));
    }

    /**
     * Brings one function in line with the store, after another gateway (or an edit of the store) changed it: the
     * same swap and {@link FunctionChanged} event as a deploy or delete here, but no instance is waited for (the
     * gateway that deployed it did). Reads the store afresh, so a late event of an older version changes nothing.
     */
    void follow(String name) {
        try {
            synchronized (lockFor(name)) {
                Optional<FunctionStore.Stored> stored = store.load(name);
                DeployedFunction current = functions.get(name);
                if (stored.isEmpty()) {
                    if (current != null) {
                        LOG.infof("function %s was deleted through another gateway", name);
                        draining.add(current.pool());
                        functions.remove(name);
                        drain(current);
                        changes.fire(new FunctionChanged(name, Optional.empty()));
                    }
                    return;
                }
                FunctionSpec spec = stored.get().spec();
                String hash = secrets.hashOf(spec);
                if (current != null && current.specHash().equals(hash)) {
                    return; // this gateway's own write, or one it already follows
                }
                LOG.infof("function %s was %s through another gateway (image %s)", name,
                        current == null ? "deployed" : "updated", spec.image());
                FunctionPool pool = pools.create(spec, hash);
                pool.start();
                if (current != null) {
                    draining.add(current.pool()); // before it leaves `functions`: livePools() always sees it
                }
                functions.put(name, new DeployedFunction(spec, hash, pool, stored.get().createdAt(),
                        stored.get().updatedAt()));
                if (current != null) {
                    drain(current);
                }
                changes.fire(new FunctionChanged(name, Optional.of(spec)));
            }
        } catch (FunctionStore.Unreadable e) {
            LOG.errorf("function %s keeps serving as it was: %s", name, e.getMessage());
        } catch (RuntimeException e) {
            // The store's next event (a reconnect lists everything again) brings it in line later.
            LOG.errorf(e, "cannot follow the stored change of function %s", name);
        }
    }

    /** Stops following the store; the functions serving keep serving until the gateway stops. */
    @jakarta.annotation.PreDestroy
    void stopFollowing() {
        store.close();
        sync.shutdownNow();
    }

    /** Every pool that may still own containers: the serving ones, those draining and those still deploying. */
    public List<FunctionPool> livePools() {
        // Read in the order a pool moves (warming, serving, draining), each added to the next set before it leaves
        // the last: a pool moving meanwhile is seen at least once.
        java.util.Set<FunctionPool> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.addAll(warming);
        functions.values().forEach(fn -> all.add(fn.pool()));
        all.addAll(draining);
        return List.copyOf(all);
    }

    /** Lets a version finish its calls; once its instances are gone, so are its secret files. */
    private void drain(DeployedFunction version) {
        FunctionPool pool = version.pool();
        draining.add(pool);
        pool.drain(config.pool().drainGrace()).whenComplete((v, e) -> {
            draining.remove(pool);
            if (!version.specHash().equals(servingHash(version.name()))) {
                secrets.release(version.name(), version.specHash());
            }
        });
    }

    private String servingHash(String name) {
        DeployedFunction fn = functions.get(name);
        return fn == null ? "" : fn.specHash();
    }

    /**
     * Gives every function that names {@code secret} new instances, which see its new values: the same deploy as an
     * update (a new version starts, then the old one drains), because the secret's version is part of the hash.
     *
     * @return the functions rolled, and for each one that could not be, why (it keeps its running version)
     */
    public Map<String, String> rollUsersOf(String secret, Consumer<String> progress) {
        Map<String, String> outcome = new java.util.TreeMap<>();
        for (DeployedFunction fn : all()) {
            if (!fn.spec().secrets().contains(secret)) {
                continue;
            }
            try {
                deploy(fn.spec(), progress);
                outcome.put(fn.name(), "rolled");
            } catch (RuntimeException e) {
                LOG.warnf("function %s keeps its instances with the previous value of secret %s: %s", fn.name(),
                        secret, e.getMessage());
                outcome.put(fn.name(), "failed: " + e.getMessage());
            }
        }
        return outcome;
    }

    /** The functions that name {@code secret}. */
    public List<String> usersOf(String secret) {
        return all().stream().filter(fn -> fn.spec().secrets().contains(secret)).map(DeployedFunction::name).toList();
    }

    private void warmUp(FunctionPool pool) {
        Instant deadline = clock.instant().plus(config.engine().readinessTimeout());
        Lease lease;
        try {
            lease = pool.acquire(deadline).get(config.engine().readinessTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DeployException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeployException("no instance became ready within " + config.engine().readinessTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while waiting for an instance", e);
        }
        lease.release();
    }

    private Object lockFor(String name) {
        return nameLocks.computeIfAbsent(name, n -> new Object());
    }
}
