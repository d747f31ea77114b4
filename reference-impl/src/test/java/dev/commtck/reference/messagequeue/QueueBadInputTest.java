package dev.commtck.reference.messagequeue;

import static io.restassured.RestAssured.given;

import dev.commtck.reference.RunningReferenceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue's answers to input the contract does not cover: clear 4xx, never a 5xx. */
class QueueBadInputTest {

    @RegisterExtension
    static final RunningReferenceServer server = new RunningReferenceServer();

    @Test
    void aBodyThatIsNotUtf8IsRefusedWith400() {
        given().baseUri(server.uri().toString()).body(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28})
                .when().post("/queues/q/messages").then().statusCode(400);
    }

    @Test
    void aReceiptThisServerNeverIssuedIsRefusedWith404() {
        given().baseUri(server.uri().toString()).when().delete("/queues/q/receipts/not-a-receipt").then().statusCode(404);
        given().baseUri(server.uri().toString()).when().delete("/queues/q/receipts/99999.1.00").then().statusCode(404);
        given().baseUri(server.uri().toString()).when().post("/queues/q/receipts/x/release").then().statusCode(404);
    }

    @Test
    void aBadNameIsRefusedEverywhere() {
        String bad = "/queues/" + "n".repeat(81);
        given().baseUri(server.uri().toString()).when().delete(bad + "/receipts/1.1.00").then().statusCode(400);
        given().baseUri(server.uri().toString()).when().get(bad + "/dead-letters").then().statusCode(400);
    }
}
