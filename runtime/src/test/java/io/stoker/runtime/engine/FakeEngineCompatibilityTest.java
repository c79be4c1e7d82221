package io.stoker.runtime.engine;

/** The fake engine honours the same contract as the real one. */
class FakeEngineCompatibilityTest extends ContainerEngineCompatibilityKit {

    private final KitRegistry open = new KitRegistry("127.0.0.1:5001", null, null);
    private final KitRegistry locked = new KitRegistry("127.0.0.1:5002", "kit", "kit-password");

    @Override
    protected ContainerEngine createEngine() {
        return new FakeEngine().withImage(TestImages.BASE, "")
                .withRegistry(FakeRegistry.open(open.host()))
                .withRegistry(FakeRegistry.locked(locked.host(), locked.user(), locked.password()));
    }

    @Override
    protected KitRegistry openRegistry() {
        return open;
    }

    @Override
    protected KitRegistry lockedRegistry() {
        return locked;
    }

    @Override
    protected void removeImage(String ref) {
        ((FakeEngine) engine).removeImage(ref);
    }

    @Override
    protected String baseImage(ContainerEngine engine) {
        return TestImages.BASE;
    }

    /** The fake's containers see only their secret mounts, read-only by contract. */
    @Override
    protected SeenFile fileInside(String containerId, String path) {
        java.nio.file.Path file = ((FakeEngine) engine).hostFileOf(containerId, path).orElseThrow();
        try {
            String mode = Integer.toOctalString(java.nio.file.Files.getPosixFilePermissions(file).stream()
                    .mapToInt(p -> 1 << (8 - p.ordinal())).sum());
            return new SeenFile(mode, java.nio.file.Files.getAttribute(file, "unix:uid").toString(),
                    java.nio.file.Files.readString(file), false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
