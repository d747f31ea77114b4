package dev.commtck.examples.spring.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Every pattern's contract on Spring MVC (Tomcat): the controllers both Spring adapters share
 * (examples/spring-common), event streams on {@code SseEmitter}, push on Spring WebSocket.
 */
@SpringBootApplication(scanBasePackages = "dev.commtck.examples.spring")
public class SpringMvcAdapter {

    public static void main(String[] args) {
        SpringApplication.run(SpringMvcAdapter.class, args);
    }
}
