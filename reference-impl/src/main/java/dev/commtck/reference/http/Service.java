package dev.commtck.reference.http;

/** One pattern's routes, and what to close when the server stops. */
public interface Service {

    void routing(Routes routes);

    /** Called once the server has stopped accepting requests. */
    default void afterStop() {
    }
}
