package io.stoker.gateway.async;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Checks an {@code X-Callback-Url}: an absolute http or https URL with a host, and that host on the allow-list
 * ({@code stoker.async.callback-hosts}) when there is one, so a caller cannot make the gateway POST anywhere.
 */
public final class CallbackTarget {

    private final List<String> allowedHosts;

    /** {@code allowedHosts} empty: any host. */
    public CallbackTarget(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** Why {@code url} is refused, for the caller; null when it is fine. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "X-Callback-Url '" + url + "' is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "X-Callback-Url '" + url + "' must be an http:// or https:// URL";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "X-Callback-Url '" + url + "' has no host";
        }
        if (uri.getUserInfo() != null) {
            return "X-Callback-Url must not carry credentials (user:password@)";
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return "X-Callback-Url host '" + bare + "' is not allowed; allowed hosts (stoker.async.callback-hosts): "
                    + String.join(", ", allowedHosts);
        }
        return null;
    }
}
