package org.fractalis.stats.pca;

/**
 * Chooses between the Vector API kernels ({@link VectorKernels}) and the plain Java ones ({@link Gram}). The Vector
 * API is an incubator module in JDK 17: it is used only if the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, the bundle can see the package (in OSGi the system bundle must export
 * {@code jdk.incubator.vector}; the import is optional) and the vectors are at least 256 bits wide. The system
 * property {@value #PROPERTY}{@code =false} forces the plain kernels. Both give the same results up to rounding.
 */
final class Kernels {
    static final String PROPERTY = "fractalis.stats.vector";
    private static final String MODULE = "jdk.incubator.vector";

    private static final boolean AVAILABLE = probe();

    private Kernels() {
    }

    /** Whether the Vector API kernels are to be used now. */
    static boolean vector() {
        return AVAILABLE && !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** Whether the Vector API kernels could be loaded in this JVM (regardless of the property). */
    static boolean vectorAvailable() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return false;
        }
        try {
            // initialising the class resolves the Vector API classes: fails here if the package is not visible
            Class.forName(VectorKernels.class.getName(), true, Kernels.class.getClassLoader());
            return VectorKernels.usable();
        } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }
}
