package io.stoker.runtime.instance;

/** Which user a function's container runs as: never root unless the manifest asks for it. */
public final class ImageUser {

    /** nobody:nogroup, present in Debian-based images and harmless where it is not. */
    public static final String NOBODY = "65534:65534";

    private ImageUser() {}

    /**
     * The spec's user if it names one; else the image's USER when that is not root; else
     * {@link #NOBODY}.
     */
    public static String resolve(String specUser, String imageUser) {
        if (specUser != null && !specUser.isBlank()) {
            return specUser.strip();
        }
        if (imageUser != null && !isRoot(imageUser.strip())) {
            return imageUser.strip();
        }
        return NOBODY;
    }

    /** Empty USER means root too; "0:1000" or "root:staff" run as uid 0 whatever the group. */
    static boolean isRoot(String user) {
        return user.isEmpty() || user.equals("root") || user.equals("0")
                || user.startsWith("0:") || user.startsWith("root:");
    }
}
