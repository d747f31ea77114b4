package dev.commtck.reports;

import io.qameta.allure.Aggregator2;
import io.qameta.allure.ReportStorage;
import io.qameta.allure.core.Configuration;
import io.qameta.allure.core.LaunchResults;
import io.qameta.allure.entity.LabelName;
import io.qameta.allure.entity.TestResult;
import io.qameta.allure.tree.TestResultTree;
import io.qameta.allure.tree.TestResultTreeLeaf;
import io.qameta.allure.tree.TreeGroup;
import io.qameta.allure.tree.TreeNode;
import io.qameta.allure.tree.TreeUtils;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each test is in the Allure report, so that the verdict page can link to it. Allure gives each test a new random
 * ID every time it makes a report, so they are learnt while it makes one: each test, by its target and JUnit unique ID,
 * gets the route that opens it in the suites tree, inside its requirement's group.
 */
final class AllureLinks implements Aggregator2 {

    /** The label that says which target of the run a result belongs to (AllureResults adds it). */
    static final String TARGET_LABEL = "commtck.target";
    private static final String UNIQUE_ID_LABEL = "junit.platform.uniqueid";

    private final Map<String, String> routes = new HashMap<>();

    /** The route of a test in the Allure report ({@code suites/<group>/<test>}), if it is there. */
    Optional<String> route(String target, String uniqueId) {
        return Optional.ofNullable(routes.get(target + "|" + uniqueId));
    }

    @Override
    public void aggregate(Configuration configuration, List<LaunchResults> launches, ReportStorage storage) {
        // the suites tree as Allure's SuitesPlugin builds it, for the group each test is shown in
        TestResultTree tree = new TestResultTree("suites",
                r -> TreeUtils.groupByLabels(r, LabelName.PARENT_SUITE, LabelName.SUITE, LabelName.SUB_SUITE));
        Map<String, String> keys = new HashMap<>();
        for (LaunchResults launch : launches) {
            for (TestResult r : launch.getResults()) {
                tree.add(r);
                keys.put(r.getUid(), r.findOneLabel(TARGET_LABEL).orElse("") + "|" + r.findOneLabel(UNIQUE_ID_LABEL).orElse(""));
            }
        }
        collect(tree, keys);
    }

    private void collect(TreeGroup group, Map<String, String> keys) {
        for (TreeNode node : group.getChildren()) {
            if (node instanceof TreeGroup child) {
                collect(child, keys);
            } else if (node instanceof TestResultTreeLeaf leaf && keys.containsKey(leaf.getUid())) {
                routes.put(keys.get(leaf.getUid()), "suites/" + leaf.getParentUid() + "/" + leaf.getUid());
            }
        }
    }
}
