// Typed API: one function per Rust command. Types come from ./types (generated from
// the Rust structs by ts-rs; regenerate, never edit by hand).
import { call } from "./client";
import type { AppInfo } from "./types/AppInfo";
import type { ChangePasswordInput } from "./types/ChangePasswordInput";
import type { CompanyProfile } from "./types/CompanyProfile";
import type { ConnectionCheck } from "./types/ConnectionCheck";
import type { ContactFilter } from "./types/ContactFilter";
import type { ContactInput } from "./types/ContactInput";
import type { ContactListRow } from "./types/ContactListRow";
import type { ContactRow } from "./types/ContactRow";
import type { ConvertInput } from "./types/ConvertInput";
import type { ConvertOpportunity } from "./types/ConvertOpportunity";
import type { ConvertResult } from "./types/ConvertResult";
import type { CustomerFilter } from "./types/CustomerFilter";
import type { CustomerInput } from "./types/CustomerInput";
import type { CustomerLevel } from "./types/CustomerLevel";
import type { CustomerRow } from "./types/CustomerRow";
import type { CustomerSort } from "./types/CustomerSort";
import type { CustomerStatus } from "./types/CustomerStatus";
import type { CustomerSummary } from "./types/CustomerSummary";
import type { CustomerType } from "./types/CustomerType";
import type { DbStatus } from "./types/DbStatus";
import type { DeptInput } from "./types/DeptInput";
import type { DeptNode } from "./types/DeptNode";
import type { FollowUpEdit } from "./types/FollowUpEdit";
import type { FollowUpFilter } from "./types/FollowUpFilter";
import type { FollowUpInput } from "./types/FollowUpInput";
import type { FollowUpRow } from "./types/FollowUpRow";
import type { IntentLevel } from "./types/IntentLevel";
import type { LeadFilter } from "./types/LeadFilter";
import type { LeadInput } from "./types/LeadInput";
import type { LeadRow } from "./types/LeadRow";
import type { LeadSort } from "./types/LeadSort";
import type { LeadStatus } from "./types/LeadStatus";
import type { LogEntry } from "./types/LogEntry";
import type { LoginInput } from "./types/LoginInput";
import type { MysqlProfileInput } from "./types/MysqlProfileInput";
import type { NumberRule } from "./types/NumberRule";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { PermissionModule } from "./types/PermissionModule";
import type { PoolInput } from "./types/PoolInput";
import type { PoolRow } from "./types/PoolRow";
import type { ProfileInfo } from "./types/ProfileInfo";
import type { RelationKind } from "./types/RelationKind";
import type { ReturnVisitInput } from "./types/ReturnVisitInput";
import type { ReturnVisitResult } from "./types/ReturnVisitResult";
import type { ReturnVisitRow } from "./types/ReturnVisitRow";
import type { ReturnVisitStatus } from "./types/ReturnVisitStatus";
import type { RoleInput } from "./types/RoleInput";
import type { RoleView } from "./types/RoleView";
import type { SeaRules } from "./types/SeaRules";
import type { SearchHit } from "./types/SearchHit";
import type { SessionInput } from "./types/SessionInput";
import type { SessionRow } from "./types/SessionRow";
import type { SessionUser } from "./types/SessionUser";
import type { SetupAdminInput } from "./types/SetupAdminInput";
import type { SweepReport } from "./types/SweepReport";
import type { TodoBoard } from "./types/TodoBoard";
import type { TodoCounts } from "./types/TodoCounts";
import type { TodoVisit } from "./types/TodoVisit";
import type { UpdateRule } from "./types/UpdateRule";
import type { UserFilter } from "./types/UserFilter";
import type { UserInput } from "./types/UserInput";
import type { UserOption } from "./types/UserOption";
import type { UserStatus } from "./types/UserStatus";
import type { UserView } from "./types/UserView";
import type { VisitInput } from "./types/VisitInput";
import type { VisitPlanStatus } from "./types/VisitPlanStatus";
import type { VisitRow } from "./types/VisitRow";
import type { AttachmentRow } from "./types/AttachmentRow";
import type { AttachmentUpload } from "./types/AttachmentUpload";
import type { CategoryInput } from "./types/CategoryInput";
import type { CategoryNode } from "./types/CategoryNode";
import type { ContractFilter } from "./types/ContractFilter";
import type { ContractInput } from "./types/ContractInput";
import type { ContractItemInput } from "./types/ContractItemInput";
import type { ContractItemRow } from "./types/ContractItemRow";
import type { ContractRow } from "./types/ContractRow";
import type { ContractStatus } from "./types/ContractStatus";
import type { FileOut } from "./types/FileOut";
import type { FromQuotationInput } from "./types/FromQuotationInput";
import type { KanbanColumn } from "./types/KanbanColumn";
import type { OpportunityFilter } from "./types/OpportunityFilter";
import type { OpportunityInput } from "./types/OpportunityInput";
import type { OpportunityRow } from "./types/OpportunityRow";
import type { OpportunityStatus } from "./types/OpportunityStatus";
import type { Pipeline } from "./types/Pipeline";
import type { PipelineRow } from "./types/PipelineRow";
import type { PrintKind } from "./types/PrintKind";
import type { ProductFilter } from "./types/ProductFilter";
import type { ProductInput } from "./types/ProductInput";
import type { ProductRow } from "./types/ProductRow";
import type { ProductStatus } from "./types/ProductStatus";
import type { QuotationFilter } from "./types/QuotationFilter";
import type { QuotationInput } from "./types/QuotationInput";
import type { QuotationItemInput } from "./types/QuotationItemInput";
import type { QuotationItemRow } from "./types/QuotationItemRow";
import type { QuotationRow } from "./types/QuotationRow";
import type { QuotationStatus } from "./types/QuotationStatus";
import type { Stage } from "./types/Stage";

export { ApiError, onUnauthenticated } from "./client";
export type {
  AttachmentRow,
  AttachmentUpload,
  CategoryInput,
  CategoryNode,
  ContractFilter,
  ContractInput,
  ContractItemInput,
  ContractItemRow,
  ContractRow,
  ContractStatus,
  FileOut,
  FromQuotationInput,
  KanbanColumn,
  OpportunityFilter,
  OpportunityInput,
  OpportunityRow,
  OpportunityStatus,
  Pipeline,
  PipelineRow,
  PrintKind,
  ProductFilter,
  ProductInput,
  ProductRow,
  ProductStatus,
  QuotationFilter,
  QuotationInput,
  QuotationItemInput,
  QuotationItemRow,
  QuotationRow,
  QuotationStatus,
  Stage,
  AppInfo,
  ChangePasswordInput,
  CompanyProfile,
  ConnectionCheck,
  ContactFilter,
  ContactInput,
  ContactListRow,
  ContactRow,
  ConvertInput,
  ConvertOpportunity,
  ConvertResult,
  CustomerFilter,
  CustomerInput,
  CustomerLevel,
  CustomerRow,
  CustomerSort,
  CustomerStatus,
  CustomerSummary,
  CustomerType,
  DbStatus,
  DeptInput,
  DeptNode,
  FollowUpEdit,
  FollowUpFilter,
  FollowUpInput,
  FollowUpRow,
  IntentLevel,
  LeadFilter,
  LeadInput,
  LeadRow,
  LeadSort,
  LeadStatus,
  LogEntry,
  LoginInput,
  MysqlProfileInput,
  NumberRule,
  Page,
  PageReq,
  PermissionModule,
  PoolInput,
  PoolRow,
  ProfileInfo,
  RelationKind,
  ReturnVisitInput,
  ReturnVisitResult,
  ReturnVisitRow,
  ReturnVisitStatus,
  RoleInput,
  RoleView,
  SeaRules,
  SearchHit,
  SessionInput,
  SessionRow,
  SessionUser,
  SetupAdminInput,
  SweepReport,
  TodoBoard,
  TodoCounts,
  TodoVisit,
  UpdateRule,
  UserFilter,
  UserInput,
  UserOption,
  UserStatus,
  UserView,
  VisitInput,
  VisitPlanStatus,
  VisitRow,
};

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  setLocale: (locale: string) => call<void>("set_locale", { locale }),
  setupAdmin: (input: SetupAdminInput) => call<SessionUser>("setup_admin", { input }),
  login: (input: LoginInput) => call<SessionUser>("login", { input }),
  logout: () => call<void>("logout"),
  me: () => call<SessionUser>("me"),
  uiReady: (screen: string) => call<void>("ui_ready", { screen }),
  changePassword: (input: ChangePasswordInput) => call<void>("change_password", { input }),
  search: (q: string) => call<SearchHit[]>("global_search", { q }),
  profile: {
    get: () => call<ProfileInfo>("profile_get"),
    useLocal: () => call<void>("profile_use_local"),
    testMysql: (input: MysqlProfileInput) => call<ConnectionCheck>("profile_test_mysql", { input }),
    saveMysql: (input: MysqlProfileInput) => call<ConnectionCheck>("profile_save_mysql", { input }),
  },
  users: {
    list: (filter: UserFilter, page: PageReq) => call<Page<UserView>>("user_list", { filter, page }),
    get: (id: number) => call<UserView>("user_get", { id }),
    options: () => call<UserOption[]>("user_options"),
    create: (input: UserInput) => call<UserView>("user_create", { input }),
    update: (id: number, input: UserInput) => call<UserView>("user_update", { id, input }),
    setStatus: (id: number, status: UserStatus) => call<UserView>("user_set_status", { id, status }),
    resetPassword: (id: number, password: string) => call<void>("user_reset_password", { id, password }),
  },
  depts: {
    tree: () => call<DeptNode[]>("dept_tree"),
    create: (input: DeptInput) => call<number>("dept_create", { input }),
    update: (id: number, input: DeptInput) => call<void>("dept_update", { id, input }),
    remove: (id: number) => call<void>("dept_delete", { id }),
  },
  roles: {
    list: () => call<RoleView[]>("role_list"),
    create: (input: RoleInput) => call<RoleView>("role_create", { input }),
    update: (id: number, input: RoleInput) => call<RoleView>("role_update", { id, input }),
    remove: (id: number) => call<void>("role_delete", { id }),
    catalog: () => call<PermissionModule[]>("permission_catalog"),
  },
  oplog: (entityType: string, entityId: number, page: PageReq) => call<Page<LogEntry>>("oplog_history", { entityType, entityId, page }),
  settings: {
    company: () => call<CompanyProfile>("company_get"),
    setCompany: (input: CompanyProfile) => call<CompanyProfile>("company_set", { input }),
    numberRules: () => call<NumberRule[]>("number_rules"),
    updateNumberRule: (input: UpdateRule) => call<NumberRule>("number_rule_update", { input }),
    dbStatus: () => call<DbStatus>("db_status"),
  },
  customers: {
    list: (filter: CustomerFilter, page: PageReq) => call<Page<CustomerRow>>("customer_list", { filter, page }),
    get: (id: number) => call<CustomerRow>("customer_get", { id }),
    create: (input: CustomerInput) => call<CustomerRow>("customer_create", { input }),
    update: (id: number, input: CustomerInput) => call<CustomerRow>("customer_update", { id, input }),
    remove: (id: number) => call<void>("customer_delete", { id }),
    transfer: (id: number, ownerId: number) => call<CustomerRow>("customer_transfer", { id, ownerId }),
    summary: (id: number) => call<CustomerSummary>("customer_summary", { id }),
  },
  sea: {
    claim: (id: number) => call<void>("sea_claim", { id }),
    assign: (id: number, ownerId: number) => call<void>("sea_assign", { id, ownerId }),
    release: (id: number, reason: string) => call<void>("sea_release", { id, reason }),
    sweep: () => call<SweepReport>("sea_sweep"),
    rules: () => call<SeaRules>("sea_rules_get"),
    setRules: (input: SeaRules) => call<SeaRules>("sea_rules_set", { input }),
  },
  leads: {
    list: (filter: LeadFilter, page: PageReq) => call<Page<LeadRow>>("lead_list", { filter, page }),
    get: (id: number) => call<LeadRow>("lead_get", { id }),
    create: (input: LeadInput) => call<LeadRow>("lead_create", { input }),
    update: (id: number, input: LeadInput) => call<LeadRow>("lead_update", { id, input }),
    remove: (id: number) => call<void>("lead_delete", { id }),
    setStatus: (id: number, status: LeadStatus) => call<LeadRow>("lead_set_status", { id, status }),
    claim: (id: number) => call<LeadRow>("lead_claim", { id }),
    assign: (id: number, ownerId: number) => call<LeadRow>("lead_assign", { id, ownerId }),
    release: (id: number, reason: string, poolId: number | null) => call<LeadRow>("lead_release", { id, reason, poolId }),
    convert: (id: number, input: ConvertInput) => call<ConvertResult>("lead_convert", { id, input }),
    sources: () => call<string[]>("lead_sources"),
  },
  pools: {
    list: () => call<PoolRow[]>("pool_list"),
    create: (input: PoolInput) => call<PoolRow>("pool_create", { input }),
    update: (id: number, input: PoolInput) => call<PoolRow>("pool_update", { id, input }),
    remove: (id: number) => call<void>("pool_delete", { id }),
  },
  contacts: {
    list: (customerId: number) => call<ContactRow[]>("contact_list", { customerId }),
    listAll: (filter: ContactFilter, page: PageReq) => call<Page<ContactListRow>>("contact_list_all", { filter, page }),
    create: (customerId: number, input: ContactInput) => call<ContactRow>("contact_create", { customerId, input }),
    update: (id: number, input: ContactInput) => call<ContactRow>("contact_update", { id, input }),
    remove: (id: number) => call<void>("contact_delete", { id }),
  },
  followUps: {
    list: (relationType: RelationKind, relationId: number, page: PageReq) => call<Page<FollowUpRow>>("follow_up_list", { relationType, relationId, page }),
    recent: (filter: FollowUpFilter, tzOffsetMinutes: number, page: PageReq) => call<Page<FollowUpRow>>("follow_up_recent", { filter, tzOffsetMinutes, page }),
    create: (input: FollowUpInput) => call<FollowUpRow>("follow_up_create", { input }),
    update: (id: number, input: FollowUpEdit) => call<FollowUpRow>("follow_up_update", { id, input }),
    remove: (id: number) => call<void>("follow_up_delete", { id }),
    done: (id: number) => call<void>("follow_up_done", { id }),
  },
  todo: {
    counts: (tzOffsetMinutes: number) => call<TodoCounts>("todo_counts", { tzOffsetMinutes }),
    board: (tzOffsetMinutes: number) => call<TodoBoard>("todo_board", { tzOffsetMinutes }),
  },
  sessions: {
    list: (customerId: number) => call<SessionRow[]>("session_list", { customerId }),
    create: (customerId: number, input: SessionInput) => call<number>("session_create", { customerId, input }),
    update: (id: number, input: SessionInput) => call<void>("session_update", { id, input }),
    remove: (id: number) => call<void>("session_delete", { id }),
  },
  visits: {
    list: (customerId: number) => call<VisitRow[]>("visit_list", { customerId }),
    create: (customerId: number, input: VisitInput) => call<number>("visit_create", { customerId, input }),
    update: (id: number, input: VisitInput) => call<void>("visit_update", { id, input }),
    /** planned → done (summary) or cancelled (the reason, kept as the summary). */
    finish: (id: number, status: Exclude<VisitPlanStatus, "planned">, summary: string) => call<void>("visit_finish", { id, status, summary }),
    remove: (id: number) => call<void>("visit_delete", { id }),
  },
  returnVisits: {
    list: (customerId: number) => call<ReturnVisitRow[]>("return_visit_list", { customerId }),
    create: (customerId: number, input: ReturnVisitInput) => call<number>("return_visit_create", { customerId, input }),
    complete: (id: number, input: ReturnVisitResult) => call<void>("return_visit_complete", { id, input }),
    cancel: (id: number, reason: string) => call<void>("return_visit_cancel", { id, reason }),
    remove: (id: number) => call<void>("return_visit_delete", { id }),
  },
  categories: {
    tree: () => call<CategoryNode[]>("category_tree"),
    create: (input: CategoryInput) => call<number>("category_create", { input }),
    update: (id: number, input: CategoryInput) => call<void>("category_update", { id, input }),
    remove: (id: number) => call<void>("category_delete", { id }),
  },
  products: {
    list: (filter: ProductFilter, page: PageReq) => call<Page<ProductRow>>("product_list", { filter, page }),
    /** On-shelf products for the quotation / contract line pickers. */
    pick: (keyword: string | null) => call<ProductRow[]>("product_pick", { keyword }),
    create: (input: ProductInput) => call<ProductRow>("product_create", { input }),
    update: (id: number, input: ProductInput) => call<ProductRow>("product_update", { id, input }),
    remove: (id: number) => call<void>("product_delete", { id }),
  },
  stages: {
    list: () => call<Stage[]>("stage_list"),
    set: (stages: Stage[]) => call<Stage[]>("stage_set", { stages }),
  },
  opportunities: {
    list: (filter: OpportunityFilter, page: PageReq) => call<Page<OpportunityRow>>("opportunity_list", { filter, page }),
    kanban: (filter: OpportunityFilter) => call<KanbanColumn[]>("opportunity_kanban", { filter }),
    pipeline: () => call<Pipeline>("opportunity_pipeline"),
    get: (id: number) => call<OpportunityRow>("opportunity_get", { id }),
    create: (input: OpportunityInput) => call<OpportunityRow>("opportunity_create", { input }),
    update: (id: number, input: OpportunityInput) => call<OpportunityRow>("opportunity_update", { id, input }),
    move: (id: number, stage: string) => call<OpportunityRow>("opportunity_move", { id, stage }),
    close: (id: number, status: OpportunityStatus, loseReason: string | null) => call<OpportunityRow>("opportunity_close", { id, status, loseReason }),
    remove: (id: number) => call<void>("opportunity_delete", { id }),
  },
  quotations: {
    list: (filter: QuotationFilter, page: PageReq) => call<Page<QuotationRow>>("quotation_list", { filter, page }),
    get: (id: number) => call<QuotationRow>("quotation_get", { id }),
    create: (input: QuotationInput) => call<QuotationRow>("quotation_create", { input }),
    update: (id: number, input: QuotationInput) => call<QuotationRow>("quotation_update", { id, input }),
    setStatus: (id: number, status: QuotationStatus) => call<QuotationRow>("quotation_set_status", { id, status }),
    copy: (id: number) => call<QuotationRow>("quotation_copy", { id }),
    remove: (id: number) => call<void>("quotation_delete", { id }),
    accepted: (customerId: number | null) => call<QuotationRow[]>("quotation_accepted", { customerId }),
  },
  contracts: {
    list: (filter: ContractFilter, page: PageReq) => call<Page<ContractRow>>("contract_list", { filter, page }),
    get: (id: number) => call<ContractRow>("contract_get", { id }),
    create: (input: ContractInput) => call<ContractRow>("contract_create", { input }),
    fromQuotation: (quotationId: number, input: FromQuotationInput) => call<ContractRow>("contract_from_quotation", { quotationId, input }),
    update: (id: number, input: ContractInput) => call<ContractRow>("contract_update", { id, input }),
    approve: (id: number) => call<ContractRow>("contract_approve", { id }),
    sign: (id: number) => call<ContractRow>("contract_sign", { id }),
    terminate: (id: number, reason: string) => call<ContractRow>("contract_terminate", { id, reason }),
    remove: (id: number) => call<void>("contract_delete", { id }),
    attach: (id: number, upload: AttachmentUpload) => call<AttachmentRow>("contract_attach", { id, upload }),
    removeAttachment: (id: number) => call<void>("attachment_delete", { id }),
  },
  files: {
    render: (kind: PrintKind, id: number) => call<FileOut>("file_render", { kind, id }),
    /** The saved path, or null when the user cancelled the dialog. */
    saveAs: (kind: PrintKind, id: number) => call<string | null>("file_save_as", { kind, id }),
    /** Opens with the system's program; returns the path opened. */
    open: (kind: PrintKind, id: number) => call<string>("file_open", { kind, id }),
  },
};
