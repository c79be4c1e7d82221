package io.stoker.gateway.secrets;

import io.stoker.gateway.config.StokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for what the gateway stores of secrets and registry credentials: the JDK's AES/GCM/NoPadding
 * with a 256-bit key, a fresh random 96-bit nonce per write, and the purpose of the bytes (e.g. the secret's name) as
 * associated data, so a sealed file moved under another name does not open. The key is {@code stoker.secrets.key-file}
 * or {@code $STOKER_HOME/secret.key}, created mode 0600 at first use; a key file others can read is refused.
 *
 * <p>Sealed bytes: the magic {@code STK1}, the 12-byte nonce, the ciphertext with its 16-byte tag. Thread-safe.
 */
@ApplicationScoped
public class AtRest {

    private static final byte[] MAGIC = "STK1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKey key;

    @jakarta.inject.Inject
    public AtRest(StokerConfig config) {
        this(config.secrets().keyFile().map(Path::of).orElse(Path.of(config.home(), "secret.key")));
    }

    public AtRest(Path keyFile) {
        this.keyFile = keyFile;
    }

    /** Whether {@code bytes} were written by {@link #seal} (rather than being an older plain file). */
    public static boolean isSealed(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    public byte[] seal(byte[] plain, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + NONCE_BYTES + sealed.length).put(MAGIC).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** The plain bytes; throws when they were sealed with another key or for another purpose, or were changed. */
    public byte[] open(byte[] sealed, String purpose) {
        if (!isSealed(sealed) || sealed.length < MAGIC.length + NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("not sealed by Stoker (" + purpose + ")");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(),
                    new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            int offset = MAGIC.length + NONCE_BYTES;
            return cipher.doFinal(sealed, offset, sealed.length - offset);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("cannot decrypt " + purpose + ": it was sealed with another key than "
                    + keyFile + ", or changed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    public Path keyFile() {
        return keyFile;
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadOrCreate(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadOrCreate() {
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[KEY_BYTES];
                random.nextBytes(fresh);
                PrivateFiles.write(keyFile, fresh);
                return fresh;
            }
            PrivateFiles.requirePrivate(keyFile);
            byte[] bytes = Files.readAllBytes(keyFile);
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException(keyFile + " holds " + bytes.length + " bytes, not a 256-bit key ("
                        + KEY_BYTES + " bytes; e.g. head -c 32 /dev/urandom > " + keyFile + ")");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the encryption key " + keyFile, e);
        }
    }
}
