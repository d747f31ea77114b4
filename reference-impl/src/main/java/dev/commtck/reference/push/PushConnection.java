package dev.commtck.reference.push;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection after its handshake, on its event loop. Inbound, the frames its {@link FrameGuard} let
 * through become messages for the {@link PushListener}: fragments joined (a text message of at most
 * {@code maxClientMessage} bytes, else the connection is closed with 1009), Pings and Close frames handed over, and
 * once the client's Close has been answered the TCP connection is closed. Outbound, what the server sends
 * ({@link Outbound}, from the listener and the {@link Subscriber} alike) becomes frames, and once a Close frame has
 * gone out nothing more does; a client that does not answer that Close within the grace is cut off.
 *
 * <p>While the connection is idle it holds no buffer.
 */
final class PushConnection extends ChannelDuplexHandler implements Session {

    /** What a message sent after the Close frame fails with: it is dropped. */
    private static final ClosedChannelException OUTPUT_ENDED = new ClosedChannelException();

    private final PushHub hub;
    private final PushListener listener;
    private final PushSettings settings;
    private ChannelHandlerContext ctx;
    private Subscriber subscriber;
    /** The write of the Close frame that ended the output, once there is one. */
    private ChannelFuture closeWritten;
    /** The opcode of the message whose frames are arriving (TEXT or BINARY), or -1 between messages. */
    private int message = -1;
    /** The text message so far, while its fragments arrive. */
    private ByteArrayOutputStream fragments;

    PushConnection(PushHub hub, PushListener listener) {
        this.hub = hub;
        this.listener = listener;
        this.settings = hub.settings();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The handshake is answered: what is pushed to the client goes through {@code s}. */
    void open(Subscriber s) {
        subscriber = s;
        listener.onOpen(this);
    }

    /** The client sent a frame. */
    void heard() {
        hub.heard(subscriber);
    }

    /**
     * Ends the connection: a Close frame with this code unless one went out already, nothing after it, and the TCP
     * connection closed once it is written.
     */
    void end(int code, String reason) {
        if (closeWritten == null) {
            send(ctx, new Outbound.Close(code, reason), ctx.newPromise());
            ctx.flush();
        }
        closeWritten.addListener(ChannelFutureListener.CLOSE);
    }

    // ---- Session: from any thread

    @Override
    public void send(String text) {
        ctx.channel().writeAndFlush(new Outbound.Text(text));
    }

    @Override
    public void pong(byte[] payload) {
        ctx.channel().writeAndFlush(new Outbound.Pong(payload));
    }

    @Override
    public void close(int code, String reason) {
        ctx.channel().writeAndFlush(new Outbound.Close(code, reason));
    }

    @Override
    public void writeRaw(byte[] bytes) {
        ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    // ---- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame f = (Frame) msg;
        switch (f.opcode()) {
            case Frame.PING -> listener.onPing(this, f.payload());
            case Frame.PONG -> { } // the answer to a keep-alive: hearing it was enough
            case Frame.CLOSE -> closed(f.payload());
            default -> data(f);
        }
    }

    private void data(Frame f) {
        if (closeWritten != null) {
            return; // closing: the client's messages are no longer answered
        }
        if (message < 0) {
            if (f.opcode() == Frame.CONTINUATION) { // with FrameRule.FRAGMENT off
                end(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message to continue");
                return;
            }
            message = f.opcode();
            if (message == Frame.BINARY) {
                listener.onBinary(this);
            }
        }
        // a text or binary frame inside a message is taken as more of it (with FrameRule.FRAGMENT off)
        if (message == Frame.TEXT) {
            text(f);
        }
        if (f.fin()) {
            message = -1;
        }
    }

    private void text(Frame f) {
        int length = (fragments == null ? 0 : fragments.size()) + f.payload().length;
        if (length > settings.maxClientMessage()) {
            fragments = null;
            close(CloseCodes.TOO_BIG, "message longer than " + settings.maxClientMessage() + " bytes");
            return;
        }
        byte[] whole;
        if (f.fin() && fragments == null) {
            whole = f.payload();
        } else {
            if (fragments == null) {
                fragments = new ByteArrayOutputStream(length);
            }
            fragments.writeBytes(f.payload());
            if (!f.fin()) {
                return;
            }
            whole = fragments.toByteArray();
            fragments = null;
        }
        // the guard has checked the UTF-8 (unless a mutant turned that off: then invalid bytes become U+FFFD)
        listener.onMessage(this, new String(whole, StandardCharsets.UTF_8));
    }

    private void closed(byte[] payload) {
        int code = payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : CloseCodes.NORMAL;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        listener.onClose(this, code, reason);
        end(CloseCodes.NORMAL, "");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the client will send nothing more, not even its Close
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        hub.unsubscribe(subscriber);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the connection failed (reset by the client, say): there is no one to answer
    }

    // ---- outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Outbound m) {
            send(ctx, m, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void send(ChannelHandlerContext ctx, Outbound m, ChannelPromise promise) {
        if (closeWritten != null) {
            promise.setFailure(OUTPUT_ENDED); // nothing follows the Close frame
            return;
        }
        if (m instanceof Outbound.Close) {
            closeWritten = promise;
            subscriber.stop();
            // a client that does not answer the Close, or does not even read it, is cut off
            ctx.executor().schedule(() -> {
                ctx.close();
            }, settings.slowCloseGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.write(Unpooled.wrappedBuffer(m.frame()), promise);
    }
}
