package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.reference.messagequeue.QueueService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server's durable queues on a disk with no room left, end to end: the server runs as a process whose
 * files may not grow beyond {@link #FILE_SIZE_LIMIT}, which fails a write or a mapping as a full disk does. A send it
 * cannot journal must be refused with {@code 507} and change nothing, the server must go on answering, and every
 * message it answered {@code 201} must be there when it starts again on the same data with room.
 */
class MessageQueueFullDiskTest {

    /** Room for the journal's first mapped region (16 MiB), not for its second. */
    private static final long FILE_SIZE_LIMIT = 20L << 20;
    private static final String BODY = "a".repeat(QueueService.MAX_BODY_BYTES);
    /** The disk is full long before this many sends of {@link #BODY}. */
    private static final int MAX_SENDS = 2 * (int) (FILE_SIZE_LIMIT / QueueService.MAX_BODY_BYTES);
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_BOUND).build();

    @TempDir
    Path work;

    @Test
    void aSendTheJournalHasNoRoomForIsRefusedWith507AndEverySendAnswered201SurvivesARestart() throws Exception {
        String data = work.resolve("data").toString();
        Set<String> accepted = new HashSet<>();
        List<Integer> refusals = new ArrayList<>();
        try (ServerProcess full = ServerProcess.startWithFileSizeLimit(work.resolve("full"), FILE_SIZE_LIMIT, "--data-dir", data)) {
            for (int i = 0; i < MAX_SENDS && refusals.size() < 2; i++) {
                HttpResponse<String> sent = request(full.uri(), "POST", "/queues/q/messages", BODY);
                if (sent.statusCode() == 201) {
                    accepted.add(JSON.readTree(sent.body()).path("id").asText());
                } else {
                    refusals.add(sent.statusCode());
                }
            }
            assertEquals(List.of(507, 507), refusals, () -> "the sends after the disk is full, after " + accepted.size()
                    + " were accepted; server log:\n" + full.log());
            assertEquals(200, request(full.uri(), "GET", "/hello", null).statusCode(), "the server stays healthy");
        }
        try (ServerProcess roomy = ServerProcess.start(work.resolve("roomy"), "--data-dir", data)) {
            assertEquals(accepted, receiveAll(roomy.uri()), () -> "the messages answered 201 (" + accepted.size()
                    + ") against those the restarted server delivers; server log:\n" + roomy.log());
        }
    }

    /** The ids of every message of queue {@code q}, received ten at a time until there is none. */
    private Set<String> receiveAll(URI server) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i <= MAX_SENDS; i++) {
            HttpResponse<String> r = request(server, "POST", "/queues/q/receive?max=10&visibilityMs=600000", null);
            if (r.statusCode() == 204) {
                return ids;
            }
            assertEquals(200, r.statusCode(), r::body);
            for (JsonNode m : JSON.readTree(r.body()).path("messages")) {
                ids.add(m.path("id").asText());
            }
        }
        throw new AssertionError("more messages than were ever sent: " + ids.size());
    }

    private HttpResponse<String> request(URI server, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(server.resolve(path)).method(method, content).timeout(REQUEST_BOUND)
                .header("Content-Type", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
    }
}
