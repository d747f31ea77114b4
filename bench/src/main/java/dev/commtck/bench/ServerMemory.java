package dev.commtck.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference server's memory: resident set (what the operating system gives it) and Java heap in use, both read
 * right after a full collection asked for with {@code jcmd <pid> GC.run}, so that garbage does not count.
 *
 * @param rssBytes      resident memory of the process
 * @param heapUsedBytes heap in use after the collection
 */
record ServerMemory(long rssBytes, long heapUsedBytes) {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    static ServerMemory afterGc(Proc server, Path work) throws IOException, InterruptedException {
        jcmd(server, work, "GC.run");
        Matcher m = USED.matcher(jcmd(server, work, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said no heap size");
        }
        return new ServerMemory(server.rssBytes(), Long.parseLong(m.group(1)) * 1024);
    }

    private static String jcmd(Proc server, Path work, String command) throws IOException, InterruptedException {
        Path log = work.resolve("jcmd.log");
        Proc jcmd = Proc.start("jcmd " + command, List.of(Proc.jdkTool("jcmd"),
                Long.toString(server.pid()), command), work, log, Map.of());
        if (jcmd.await(Duration.ofSeconds(60)) != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + jcmd.output());
        }
        return jcmd.output();
    }
}
