package dev.commtck.reference.push;

import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;
import dev.commtck.reference.http.Status;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of push (spec/push.md): {@code POST /push/notifications} publishes its body to every connected client
 * (202); a {@code GET /push} that was not upgraded (no WebSocket handshake, or another version than 13) is answered
 * 426 with the version the server speaks.
 */
final class PushService implements Service {

    private final PushHub hub;

    PushService(PushHub hub) {
        this.hub = hub;
    }

    @Override
    public void routing(Routes routes) {
        routes.post(PushEndpoint.NOTIFICATIONS, this::notify)
                .get(PushEndpoint.PATH, Handler.onEventLoop(PushService::upgradeRequired));
    }

    /** Not on the event loop: a hub shared through a database appends the notification to it. */
    private void notify(Request req, Response res) {
        byte[] body = req.body();
        int max = hub.settings().maxNotification();
        if (body.length > max) {
            throw new HttpError(Status.PAYLOAD_TOO_LARGE, "a notification has at most " + max + " bytes");
        }
        String data;
        try {
            data = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("a notification is UTF-8 text");
        }
        hub.publish(data);
        res.status(Status.ACCEPTED).send();
    }

    private static void upgradeRequired(Request req, Response res) {
        res.status(Status.UPGRADE_REQUIRED).header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", PushUpgrader.VERSION)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .send("this resource speaks WebSocket (RFC 6455, version " + PushUpgrader.VERSION + ")");
    }
}
