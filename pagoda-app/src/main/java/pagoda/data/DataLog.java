package pagoda.data;

/** Where data loading reports what it skipped, dropped or rebuilt: one line per event, for the run log. */
@FunctionalInterface
public interface DataLog {
    /** Discards every line. */
    DataLog NONE = line -> {
    };

    void line(String line);
}
