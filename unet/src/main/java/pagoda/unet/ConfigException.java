package pagoda.unet;

/** A teacher config (config.json) with a missing, mistyped or inconsistent field; the message names the file and field. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String source, String field, String detail) {
        super(source + ": field '" + field + "': " + detail);
    }
}
