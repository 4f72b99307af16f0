package pagoda.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pagoda.tensor.io.AtomicFiles;

/**
 * The demo's report, {@code report.md}: a title, then sections of prose, images (files beside the report) and
 * tables, in the order they were added. Written atomically, so a reader never sees half a report.
 */
public final class DemoReport {
    private final List<String> blocks = new ArrayList<>();

    public DemoReport(String title) {
        blocks.add("# " + title);
    }

    public DemoReport section(String heading) {
        blocks.add("## " + heading);
        return this;
    }

    public DemoReport text(String paragraph) {
        blocks.add(paragraph);
        return this;
    }

    /** An image file in the report's folder, with its caption as the alternative text. */
    public DemoReport image(String caption, String file) {
        blocks.add("![" + caption + "](" + file + ")\n\n*" + caption + "*");
        return this;
    }

    /** A table: the first row is the header. */
    public DemoReport table(List<List<String>> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a table needs a header row");
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            b.append('|');
            for (String cell : rows.get(r)) {
                b.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            b.append('\n');
            if (r == 0) {
                b.append('|');
                b.append(" --- |".repeat(rows.get(0).size()));
                b.append('\n');
            }
        }
        blocks.add(b.toString().stripTrailing());
        return this;
    }

    public String markdown() {
        return String.join("\n\n", blocks) + "\n";
    }

    public void write(Path file) throws IOException {
        byte[] bytes = markdown().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
