// Settings → Move to company database. Same keys as ../zh-CN/transfer.ts (a missing or extra key fails tsc).
import type zh from "../zh-CN/transfer";

export default {
  "transfer.tab": "Move to company database",
  "transfer.step.intro": "About",
  "transfer.step.connect": "Connect",
  "transfer.step.check": "Check",
  "transfer.step.run": "Move",
  "transfer.step.result": "Verification",

  "transfer.unavailable.shared": "This desktop already uses the company database; there is nothing to move.",
  "transfer.unavailable.permission": 'Moving needs both the "change settings" and "create users" permissions; ask an administrator.',

  "transfer.intro.lead":
    "When the team grows, move everything in this desktop's local database into the company's MySQL / MariaDB database in one go; from then on everyone shares the same customers, opportunities and contracts.",
  "transfer.intro.whatTitle": "What happens",
  "transfer.intro.what.copy":
    "Every table is moved: customers, contacts, opportunities, quotations, contracts, receipts, work orders, attachments, the operation log and users, with money exact to the cent.",
  "transfer.intro.what.modes":
    "First the company database is checked (nothing is written). If it is empty, everything is copied with all settings, and ids and document numbers stay as they are. If it already holds data, the local data is merged into it: the company's settings and numbering rules are kept, and records the company already has are not copied again. Before a merge you see its rules and check which company user each local user becomes.",
  "transfer.intro.what.atomic":
    "The move is one transaction: if anything fails, or you cancel, the company database stays exactly as it was, with no half-moved data.",
  "transfer.intro.what.verify":
    "Afterwards every table is compared (row counts, the sum of every money column, a checksum) and the result is listed.",
  "transfer.intro.what.accounts":
    "Users new to the company database get a database account with a temporary password. The passwords are shown only once: copy them and hand them out right away.",
  "transfer.intro.what.source":
    "The local data is left exactly as it is. This desktop keeps using its local database until you switch in Settings.",
  "transfer.intro.needTitle": "Before you start",
  "transfer.intro.need.migrate":
    "IT has created the company database's tables, up to date, with crm-admin migrate (a new, empty database, or the one the company already uses):",
  "transfer.intro.need.account":
    "The database account and password IT gives you for the move: an account on the database server (such as root) that may create accounts, not a CRM user name.",
  "transfer.intro.need.server":
    "The server address, port, database name and encryption (and the CA certificate file if the certificate is checked).",
  "transfer.intro.need.quiet":
    "Do not change data on this desktop while moving, and switch soon afterwards so that no later change stays behind on this computer.",
  "transfer.next": "Next",
  "transfer.back": "Back",

  "transfer.connect.hint":
    "Enter the company database IT gave you. The next step only checks it and writes nothing: an empty one gets a full copy, one that holds data gets a merge.",
  "transfer.user": "Account for the move",
  "transfer.userHint": "The database account IT gave you (such as root), not a CRM user name",
  "transfer.password": "Its password",
  "transfer.passwordHint": "Used for this move only, never stored",
  "transfer.check": "Check the company database",
  "transfer.checking": "Checking…",
  "transfer.checkFailed": "The company database could not be checked",
  "transfer.start": "Start moving",
  "transfer.startMerge": "Start merging",

  "transfer.plan.empty": "The company database is empty: everything is copied (numbers kept)",
  "transfer.plan.emptyHint":
    "All local data, with the users, settings and numbering rules, is copied as it is into {target}; the ids and document numbers of customers, contracts and the rest stay the same.",
  "transfer.plan.merge": "The company database {target} already holds data: the local data will be merged into it",
  "transfer.plan.mergeHas": "The company database holds:",

  "transfer.rules.title": "How the merge works",
  "transfer.rules.ids":
    "Every local record gets a new id in the company database, and everything that refers to it (contacts, follow-ups, opportunities, quotations, contracts, receipts…) follows, so nothing ends up attached to the wrong record.",
  "transfer.rules.matched":
    "Roles and lead pools are matched to the company's by name; departments and product categories by name under the same parent.",
  "transfer.rules.users":
    "Users are matched to company users by user name, or as you choose in the table below; the others are created in the company database and get a database account with a temporary password (as in a full copy).",
  "transfer.rules.duplicates":
    "Records the company already has are not copied, by the import's rules: leads by phone, customers by exact name or their first contact's phone, contacts by phone under a matched customer, products by name, sales targets by who and month. Their follow-ups, contacts, opportunities and so on attach to the company's record, and they are listed in the result.",
  "transfer.rules.kept": "The company's settings and numbering rules are kept; the local ones do not overwrite them.",
  "transfer.rules.numbers":
    "Quotation, contract, receipt, invoice and work-order numbers the company already uses are renumbered with the company's rule, and listed in the result.",
  "transfer.rules.atomic":
    "The merge is one transaction: if anything fails, or you cancel, the company database stays as it was. The local database is never modified.",
  "transfer.rules.once":
    "Merge the same local data only once: a second merge writes the follow-ups, contracts and so on again. The merge writes into the database the company is using; ask IT for a backup first.",

  "transfer.map.title": "Users",
  "transfer.map.hint":
    "Who each local user is in the company database. By default the company user with the same user name; without one, a new user is created.",
  "transfer.map.summary": "{matched} matched to existing company users, {created} created as new company users",
  "transfer.map.local": "Local user",
  "transfer.map.company": "User in the company database",
  "transfer.map.new": "Create as a new company user",
  "transfer.map.newTaken": "(the company has this user name)",

  "transfer.running": "Moving to {target}…",
  "transfer.runningHint": "When every table is copied, each one is compared; please wait and keep the app open.",
  "transfer.cancelling": "Cancelling after the current table…",
  "transfer.progress": "{tables} tables copied, {rows} rows",
  "transfer.progressMerge": "{tables} tables merged, {rows} new rows",
  "transfer.preparing": "Connecting to the company database and reading the local data…",
  "transfer.cancel": "Cancel the move",
  "transfer.failed": "The move did not complete",
  "transfer.cancelled": "The move was cancelled",
  "transfer.unchanged": "The company database was not changed, and the local data is as it was.",
  "transfer.backToConnect": "Change the connection",
  "transfer.retry": "Try again",

  "transfer.col.status": "Status",
  "transfer.col.table": "Table",
  "transfer.col.rows": "Rows",
  "transfer.col.sourceRows": "Local rows",
  "transfer.col.targetRows": "Company rows",
  "transfer.col.writtenRows": "Rows written",
  "transfer.col.readBackRows": "Rows read back",
  "transfer.col.sums": "Money sums",
  "transfer.col.checksum": "Checksum",
  "transfer.equal": "Equal",
  "transfer.different": "Different",
  "transfer.noSums": "No money columns",

  "transfer.verified": "Verified: both sides hold exactly the same data",
  "transfer.verifiedMerge": "Verified: the merged data read back from the company database is exactly what was written",
  "transfer.notVerified": "Not verified: {n} tables differ",
  "transfer.notVerifiedOrphans": "Not verified: some references point to records that do not exist",
  "transfer.summary": "{tables} tables, {rows} rows, in {seconds} s.",
  "transfer.notVerifiedHint":
    "The data was written to the company database, but it differs (in red below). Do not switch to the company database; send this page to IT. Once IT has emptied it and run migrate again, you can move again.",
  "transfer.notVerifiedHintMerge":
    "The merged data was written to the company database, but the check found problems (in red below and in the merge details). Do not switch to the company database; send this page to IT. A merge cannot be undone automatically; if needed, IT restores the company database from the backup taken before the merge.",
  "transfer.details": "Table by table",

  "transfer.merge.title": "Merge details",
  "transfer.merge.summary":
    "{inserted} rows added; {duplicates} records the company already had were not copied; {renumbered} document numbers renumbered; {users} users created.",
  "transfer.merge.orphans": "Orphaned records: these references point to records missing from the company database",
  "transfer.merge.orphan": "{table} ({column}): {rows} rows",
  "transfer.merge.orphansHint": "Do not switch to the company database; send this page to IT.",
  "transfer.merge.noOrphans": "No orphaned records: every merged reference points to a record in the company database.",
  "transfer.merge.dangling":
    "{n} local references pointed to records no longer on this desktop (such as a deleted customer); they were left empty in the company database.",
  "transfer.merge.tabTables": "Tables",
  "transfer.merge.tabUsers": "Users ({n})",
  "transfer.merge.tabDuplicates": "Duplicates ({n})",
  "transfer.merge.tabRenumbered": "Renumbered ({n})",
  "transfer.merge.inserted": "Added",
  "transfer.merge.matched": "Already there",
  "transfer.merge.kept": "Company's kept",
  "transfer.merge.keptHint": "This table stays as the company database has it; the local rows were not written",
  "transfer.merge.userNew": "New",
  "transfer.merge.userChosen": "By hand",
  "transfer.merge.duplicatesHint":
    "These local records duplicate records the company already has and were not copied; their follow-ups, contacts, opportunities and so on now belong to the company's record.",
  "transfer.merge.capped": "Only the first {shown} of {total} duplicates are listed",
  "transfer.merge.noDuplicates": "No duplicates",
  "transfer.merge.record": "Record",
  "transfer.merge.ids": "Local → company",
  "transfer.merge.local": "local",
  "transfer.merge.company": "company",
  "transfer.merge.rule": "Matched by",
  "transfer.merge.renumberedHint":
    "The company database already used these numbers; they were given new ones by the company's numbering rule.",
  "transfer.merge.noRenumbered": "No number needed renumbering",
  "transfer.merge.from": "Local number",
  "transfer.merge.to": "New number",

  "transfer.rule.name": "Same name",
  "transfer.rule.phone": "Same phone",
  "transfer.rule.contactPhone": "Same phone as the first contact",
  "transfer.rule.customerPhone": "Same phone under the same customer",
  "transfer.rule.key": "Same person (or department) and month",

  "transfer.tbl.customer": "Customers",
  "transfer.tbl.contact": "Contacts",
  "transfer.tbl.lead": "Leads",
  "transfer.tbl.leadPool": "Lead pools",
  "transfer.tbl.followUp": "Follow-ups",
  "transfer.tbl.opportunity": "Opportunities",
  "transfer.tbl.quotation": "Quotations",
  "transfer.tbl.quotationItem": "Quotation items",
  "transfer.tbl.contract": "Contracts",
  "transfer.tbl.contractItem": "Contract items",
  "transfer.tbl.paymentPlan": "Payment plans",
  "transfer.tbl.paymentRecord": "Receipts",
  "transfer.tbl.invoice": "Invoices",
  "transfer.tbl.invoiceRequest": "Invoice requests",
  "transfer.tbl.product": "Products",
  "transfer.tbl.productCategory": "Product categories",
  "transfer.tbl.salesTarget": "Sales targets",
  "transfer.tbl.workOrder": "Work orders",
  "transfer.tbl.workOrderEvent": "Work-order events",
  "transfer.tbl.returnVisit": "Return visits",
  "transfer.tbl.visitPlan": "Visit plans",
  "transfer.tbl.customerSession": "Customer sessions",
  "transfer.tbl.marketingActivity": "Marketing activities",
  "transfer.tbl.smsMarketing": "SMS campaigns",
  "transfer.tbl.smsTemplate": "SMS templates",
  "transfer.tbl.user": "Users",
  "transfer.tbl.userCredential": "Sign-in credentials",
  "transfer.tbl.role": "Roles",
  "transfer.tbl.dept": "Departments",
  "transfer.tbl.attachment": "Attachments",
  "transfer.tbl.operationLog": "Operation log",
  "transfer.tbl.setting": "Settings",
  "transfer.tbl.numberRule": "Numbering rules",
  "transfer.tbl.numberCounter": "Numbering counters",

  "transfer.accounts": "The users' database accounts",
  "transfer.accountsOnce": "The temporary passwords are shown only this once",
  "transfer.accountsOnceHint":
    'Copy them now and hand each user theirs. After "Done", logging out or closing the app they cannot be shown again.',
  "transfer.acc.username": "CRM user name",
  "transfer.acc.account": "Database account",
  "transfer.acc.password": "Temporary password",
  "transfer.copyAll": "Copy all",
  "transfer.copied": "{n} accounts copied",
  "transfer.copyFailed": "Could not write to the clipboard; copy them one by one",
  "transfer.noAccounts": "Every user already has a database account; none was created.",
  "transfer.accountsProblem": "All data was moved, but the users' database accounts could not be created",
  "transfer.accountsProblemHint":
    "Ask IT to run crm-admin migrate on the company database with an administrator account that may create accounts; it creates each user's database account and prints the temporary passwords:",
  "transfer.accountsSkipped": "Not verified, so no database accounts were created.",

  "transfer.switch.title": "Next: switch this desktop to the company database",
  "transfer.switch.hand": "Hand each user their temporary password.",
  "transfer.switch.here":
    'On this desktop open "{where}", click "{button}", enter the server {server}, the database {database} and the same encryption, then click "{save}".',
  "transfer.switch.login": 'Log in again with your CRM user name and temporary password, then change the password in "{account}".',
  "transfer.switch.others":
    'Colleagues choose "{company}" on their own computers, enter the same server, and log in with their user name and temporary password.',
  "transfer.switch.loginMerge":
    'Log in again: if you were matched to an existing company user, with that user name and its usual password; if you were created as a new user, with your CRM user name and temporary password, then change the password in "{account}".',
  "transfer.switch.othersMerge":
    'The other local users choose "{company}" on their own computers and enter the same server: new users log in with their temporary password, those matched to an existing company user with their usual account.',
  "transfer.switch.local":
    "The local database file is kept, so you can switch back; but changes made locally after the move do not reach the company database.",
  "transfer.switch.go": "Open the database settings",
  "transfer.finish": "Done",
  "transfer.finishConfirm": "Leave the result of the move?",
  "transfer.finishConfirmHint": "The temporary passwords cannot be shown again; make sure each user has theirs.",
} satisfies Record<keyof typeof zh, string>;
