package io.codexlb;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Feature packages depend on each other one way: the HTTP front ends use the features,
 * the features never use the front ends, the catalog uses the accounts and the upstream
 * clients, and the shared infrastructure uses no feature.
 */
class ArchitectureTest {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.codexlb");

	@Test
	void featurePackagesShouldBeFreeOfCycles() {
		slices().matching("io.codexlb.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void frontEndsShouldNotBeUsedByAnyOtherPackage() {
		noClasses().that()
			.resideOutsideOfPackages("io.codexlb.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.codexlb.web..")
			.check(classes);
		noClasses().that()
			.resideOutsideOfPackages("io.codexlb.admin..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.codexlb.admin..")
			.check(classes);
	}

	@Test
	void sharedInfrastructureShouldUseNoFeature() {
		noClasses().that()
			.resideInAnyPackage("io.codexlb.error..", "io.codexlb.logging..", "io.codexlb.replica..",
					"io.codexlb.datadir..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.codexlb.catalog..", "io.codexlb.apikey..", "io.codexlb.security..",
					"io.codexlb.web..", "io.codexlb.admin..", "io.codexlb.account..", "io.codexlb.upstream..",
					"io.codexlb.ratelimit..")
			.check(classes);
	}

	@Test
	void catalogShouldNotKnowAboutKeysOrHttpSecurity() {
		noClasses().that()
			.resideInAPackage("io.codexlb.catalog..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.codexlb.apikey..", "io.codexlb.security..", "org.springframework.security..")
			.check(classes);
	}

	@Test
	void upstreamClientsShouldUseNoOtherFeature() {
		noClasses().that()
			.resideInAPackage("io.codexlb.upstream..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.codexlb.catalog..", "io.codexlb.account..", "io.codexlb.apikey..",
					"io.codexlb.security..", "io.codexlb.web..", "io.codexlb.admin..")
			.check(classes);
	}

	@Test
	void accountsShouldNotKnowTheCatalogOrTheKeys() {
		noClasses().that()
			.resideInAPackage("io.codexlb.account..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.codexlb.catalog..", "io.codexlb.apikey..", "io.codexlb.security..")
			.check(classes);
	}

	@Test
	void rateLimitsShouldOnlyKnowTheKeys() {
		noClasses().that()
			.resideInAPackage("io.codexlb.ratelimit..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.codexlb.catalog..", "io.codexlb.account..", "io.codexlb.upstream..",
					"io.codexlb.security..")
			.check(classes);
	}

	@Test
	void apiKeysShouldNotDependOnTheCatalogOrTheSecurityChain() {
		noClasses().that()
			.resideInAPackage("io.codexlb.apikey..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.codexlb.catalog..", "io.codexlb.security..")
			.check(classes);
	}

}
