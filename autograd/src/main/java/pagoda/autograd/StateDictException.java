package pagoda.autograd;

import java.util.List;

/** A state dict that does not fit a module or optimiser: the keys that are missing, unexpected or mis-shaped. */
public final class StateDictException extends IllegalArgumentException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misShaped;

    public StateDictException(String what, List<String> missing, List<String> unexpected, List<String> misShaped) {
        super(message(what, missing, unexpected, misShaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misShaped = List.copyOf(misShaped);
    }

    private static String message(String what, List<String> missing, List<String> unexpected, List<String> misShaped) {
        StringBuilder b = new StringBuilder(what).append(": state dict does not fit");
        append(b, "missing keys", missing);
        append(b, "unexpected keys", unexpected);
        append(b, "shape mismatches", misShaped);
        return b.toString();
    }

    private static void append(StringBuilder b, String title, List<String> keys) {
        if (!keys.isEmpty()) {
            b.append("; ").append(title).append(" (").append(keys.size()).append("): ").append(String.join(", ", keys));
        }
    }

    public List<String> missing() {
        return missing;
    }

    public List<String> unexpected() {
        return unexpected;
    }

    /** Entries of the form {@code key: expected [..], got [..]}. */
    public List<String> misShaped() {
        return misShaped;
    }
}
