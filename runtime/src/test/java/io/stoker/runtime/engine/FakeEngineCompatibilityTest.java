package io.stoker.runtime.engine;

/** The fake engine honours the same contract as the real one. */
class FakeEngineCompatibilityTest extends ContainerEngineCompatibilityKit {

    @Override
    protected ContainerEngine createEngine() {
        return new FakeEngine().withImage(TestImages.BASE, "");
    }

    @Override
    protected String baseImage(ContainerEngine engine) {
        return TestImages.BASE;
    }
}
