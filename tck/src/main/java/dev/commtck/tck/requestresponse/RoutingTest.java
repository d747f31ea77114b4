package dev.commtck.tck.requestresponse;

import static dev.commtck.tck.requestresponse.RequestResponsePaths.HELLO;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Only the hello resource exists. */
@ConformanceSuite(Pattern.REQUEST_RESPONSE)
@DisplayName("request-response: unknown resources")
class RoutingTest {

    /** Paths that are not the hello resource, including ones a prefix or catch-all route would wrongly match. */
    enum UnknownResource {
        UNRELATED_GET(hello -> Request.get("/commtck-no-such-resource")),
        UNRELATED_POST(hello -> Request.post("/commtck-no-such-resource", "ping")),
        BELOW_HELLO(hello -> Request.get(hello + "/commtck-no-such-resource")),
        HELLO_AS_PREFIX(hello -> Request.get(hello + "commtck")),
        HELLO_AS_PREFIX_POST(hello -> Request.post(hello + "commtck", "ping"));

        private final Function<String, Request> request;

        UnknownResource(Function<String, Request> request) {
            this.request = request;
        }
    }

    @ParameterizedTest(name = "{0} is answered 404")
    @EnumSource(UnknownResource.class)
    @Verifies("RR-NOTFOUND-1")
    void unknownResourceIsAnswered404(UnknownResource resource, Target target) {
        Exchange ex = target.http().send(resource.request.apply(target.path(HELLO)));
        Expect.status(ex, 404);
    }
}
