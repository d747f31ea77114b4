package dev.commtck.examples.spring.webflux;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * Every pattern's contract on Spring WebFlux (Reactor Netty): the controllers both Spring adapters share
 * (examples/spring-common), event streams as {@code Flux<ServerSentEvent>}, push as a {@code WebSocketHandler}.
 */
@SpringBootApplication(scanBasePackages = "dev.commtck.examples.spring")
public class SpringWebFluxAdapter {

    public static void main(String[] args) {
        SpringApplication.run(SpringWebFluxAdapter.class, args);
    }

    /** The WebSocket endpoint, mapped ahead of the annotated controllers as the reference documentation shows. */
    @Bean
    HandlerMapping pushMapping(PushHandler push) {
        return new SimpleUrlHandlerMapping(Map.of("/push", push), -1);
    }
}
