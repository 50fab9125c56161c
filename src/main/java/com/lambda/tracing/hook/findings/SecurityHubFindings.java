package com.lambda.tracing.hook.findings;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/** The three Security Hub calls the function makes: read one finding, import one, resolve its workflow. */
public final class SecurityHubFindings {
    private final SecurityHubClient client;

    public SecurityHubFindings(SecurityHubClient client) {
        this.client = client;
    }

    /** The finding with this id in this product, if Security Hub has it. */
    public Optional<AwsSecurityFinding> find(String id, String productArn) {
        List<AwsSecurityFinding> findings = client.getFindings(r -> r.maxResults(1)
                .filters(AwsSecurityFindingFilters.builder()
                        .id(equalTo(id))
                        .productArn(equalTo(productArn))
                        .build())).findings();
        return findings.stream().filter(f -> id.equals(f.id())).findFirst();
    }

    /**
     * Imports one finding.
     *
     * @return the error Security Hub reported for it, empty when it was imported
     */
    public Optional<ImportFindingsError> importFinding(AwsSecurityFinding finding) {
        BatchImportFindingsResponse response = client.batchImportFindings(r -> r.findings(finding));
        if (response.hasFailedFindings() && !response.failedFindings().isEmpty()) {
            return Optional.of(response.failedFindings().get(0));
        }
        return Optional.empty();
    }

    /**
     * Sets the finding's workflow to RESOLVED: {@code BatchImportFindings} cannot change the workflow of a finding
     * that exists, only {@code BatchUpdateFindings} can.
     *
     * @return the error code Security Hub reported for it, empty when it was updated
     */
    public Optional<String> resolve(String id, String productArn, String note) {
        BatchUpdateFindingsResponse response = client.batchUpdateFindings(r -> r
                .findingIdentifiers(i -> i.id(id).productArn(productArn))
                .workflow(w -> w.status(WorkflowStatus.RESOLVED))
                .note(n -> n.text(note).updatedBy("lambda-tracing-hook findings")));
        if (response.hasUnprocessedFindings() && !response.unprocessedFindings().isEmpty()) {
            var failed = response.unprocessedFindings().get(0);
            return Optional.of(failed.errorCode() + ": " + failed.errorMessage());
        }
        return Optional.empty();
    }

    private static StringFilter equalTo(String value) {
        return StringFilter.builder().value(value).comparison(StringFilterComparison.EQUALS).build();
    }
}
