package dev.commtck.reference.push;

import dev.commtck.reference.RequestBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsUpgrader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of push (spec/push.md): {@code POST /push/notifications} publishes its body to every connected client
 * (202); a {@code GET /push} that was not upgraded (no WebSocket handshake, or another version than 13) is answered
 * 426 with the version the server speaks.
 */
final class PushService implements HttpService {

    private final PushEndpoint endpoint;
    private final PushHub hub;

    PushService(PushEndpoint endpoint, PushHub hub) {
        this.endpoint = endpoint;
        this.hub = hub;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(endpoint.notificationsPath(), this::notify).get(endpoint.path(), this::upgradeRequired);
    }

    private void notify(ServerRequest req, ServerResponse res) {
        byte[] body = RequestBodies.read(req);
        int max = hub.settings().maxNotification();
        if (body.length > max) {
            text(res.status(Status.REQUEST_ENTITY_TOO_LARGE_413), "a notification has at most " + max + " bytes");
            return;
        }
        String data;
        try {
            data = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            text(res.status(Status.BAD_REQUEST_400), "a notification is UTF-8 text");
            return;
        }
        hub.publish(data);
        res.status(Status.ACCEPTED_202).send();
    }

    private void upgradeRequired(ServerRequest req, ServerResponse res) {
        res.status(Status.UPGRADE_REQUIRED_426).header(HeaderNames.UPGRADE, "websocket")
                .header(WsUpgrader.WS_VERSION, PushUpgrader.VERSION);
        text(res, "this resource speaks WebSocket (RFC 6455, version " + PushUpgrader.VERSION + ")");
    }

    private static void text(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8").send(body.getBytes(StandardCharsets.UTF_8));
    }
}
