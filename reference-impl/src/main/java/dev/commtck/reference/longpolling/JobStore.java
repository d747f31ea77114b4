package dev.commtck.reference.longpolling;

import java.util.Optional;

/**
 * Where the jobs live, behind the HTTP layer ({@link LongPollingService}): in this process ({@link Jobs}), or shared by
 * the nodes of one service ({@link SharedJobs}). Also the seam through which the kit's mutants break one rule each.
 */
public interface JobStore extends AutoCloseable {

    LongPollingLimits limits();

    /**
     * Registers a job and starts it: it ends after its duration, whether or not anyone waits.
     *
     * @throws Jobs.Full when the store holds as many jobs as it may
     */
    Job submit(JobRequest request);

    /** The job with this handle, as it is now; a wait answers when its {@link Job#end} completes. */
    Optional<Job> find(String id);

    @Override
    void close();
}
