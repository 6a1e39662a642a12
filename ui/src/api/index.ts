// The API barrel. Each area file (auth.ts, customers.ts, leads.ts …) holds that area's
// commands — one typed call per Rust command, with the command name and its argument
// names spelled out literally (see convention.test.ts) — and its
// query-key factory. Types come from ./types (generated from the Rust structs by ts-rs;
// regenerate, never edit by hand). Only client.ts calls Tauri's invoke.
import { activityKeys, returnVisits, sessions, visits } from "./activities";
import { deptKeys, depts, roleKeys, roles, userKeys, users } from "./admin";
import { auth, authKeys } from "./auth";
import { contactKeys, contacts } from "./contacts";
import { contractKeys, contracts } from "./contracts";
import { customerKeys, customers, sea, seaKeys } from "./customers";
import { fileKeys, files } from "./files";
import { followUpKeys, followUps, todo, todoKeys } from "./followUps";
import { leadKeys, leads, poolKeys, pools } from "./leads";
import { marketing, marketingKeys } from "./marketing";
import { diagnostics, diagnosticsKeys } from "./diagnostics";
import { oplog, oplogKeys } from "./oplog";
import { opportunities, opportunityKeys } from "./opportunities";
import { categories, productKeys, products } from "./products";
import { profile, profileKeys } from "./profile";
import { quotationKeys, quotations } from "./quotations";
import { receivableKeys, receivables } from "./receivables";
import { reportKeys, reports } from "./reports";
import { dataio, dataioKeys } from "./dataio";
import { search, searchKeys } from "./search";
import { service, serviceKeys } from "./service";
import { settings, settingsKeys, stageKeys, stages, type SecurityPolicy } from "./settings";
import { update, updateKeys } from "./update";
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
import type { TodoPlan } from "./types/TodoPlan";
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
import type { ContractSort } from "./types/ContractSort";
import type { ContractStatus } from "./types/ContractStatus";
import type { ContractTotals } from "./types/ContractTotals";
import type { CollectionFilter } from "./types/CollectionFilter";
import type { FileOut } from "./types/FileOut";
import type { FromQuotationInput } from "./types/FromQuotationInput";
import type { KanbanColumn } from "./types/KanbanColumn";
import type { OpportunityFilter } from "./types/OpportunityFilter";
import type { OpportunityInput } from "./types/OpportunityInput";
import type { OpportunityRow } from "./types/OpportunityRow";
import type { OpportunitySort } from "./types/OpportunitySort";
import type { OpportunityStatus } from "./types/OpportunityStatus";
import type { Pipeline } from "./types/Pipeline";
import type { PipelineRow } from "./types/PipelineRow";
import type { Period } from "./types/Period";
import type { PrintKind } from "./types/PrintKind";
import type { Duplex } from "./types/Duplex";
import type { Gate } from "./types/Gate";
import type { PolicyOrigin } from "./types/PolicyOrigin";
import type { Printer } from "./types/Printer";
import type { PrintMethod } from "./types/PrintMethod";
import type { PrintOptions } from "./types/PrintOptions";
import type { PrintOutcome } from "./types/PrintOutcome";
import type { PrintSupport } from "./types/PrintSupport";
import type { UpdateOffer } from "./types/UpdateOffer";
import type { UpdatePolicy } from "./types/UpdatePolicy";
import type { UpdateProgress } from "./types/UpdateProgress";
import type { UpdateStatus } from "./types/UpdateStatus";
import type { ProductFilter } from "./types/ProductFilter";
import type { ProductInput } from "./types/ProductInput";
import type { ProductRow } from "./types/ProductRow";
import type { ProductSort } from "./types/ProductSort";
import type { ProductStatus } from "./types/ProductStatus";
import type { QuotationFilter } from "./types/QuotationFilter";
import type { QuotationInput } from "./types/QuotationInput";
import type { QuotationItemInput } from "./types/QuotationItemInput";
import type { QuotationItemRow } from "./types/QuotationItemRow";
import type { QuotationRow } from "./types/QuotationRow";
import type { QuotationSort } from "./types/QuotationSort";
import type { QuotationStatus } from "./types/QuotationStatus";
import type { Stage } from "./types/Stage";
import type { Aging } from "./types/Aging";
import type { AgingBy } from "./types/AgingBy";
import type { AgingRow } from "./types/AgingRow";
import type { BuyerInfo } from "./types/BuyerInfo";
import type { ContractMoney } from "./types/ContractMoney";
import type { ContractReceivables } from "./types/ContractReceivables";
import type { InvoiceInput } from "./types/InvoiceInput";
import type { InvoiceRequestInput } from "./types/InvoiceRequestInput";
import type { InvoiceRequestRow } from "./types/InvoiceRequestRow";
import type { InvoiceRequestStatus } from "./types/InvoiceRequestStatus";
import type { InvoiceRow } from "./types/InvoiceRow";
import type { InvoiceStatus } from "./types/InvoiceStatus";
import type { PaymentPlanStatus } from "./types/PaymentPlanStatus";
import type { PlanInput } from "./types/PlanInput";
import type { PlanRow } from "./types/PlanRow";
import type { ReceiptInput } from "./types/ReceiptInput";
import type { ReceiptRow } from "./types/ReceiptRow";
import type { ReceiptStatus } from "./types/ReceiptStatus";
import type { ReceivableDoc } from "./types/ReceivableDoc";
import type { ReceivableSettings } from "./types/ReceivableSettings";
import type { SplitInput } from "./types/SplitInput";
import type { CustomerRefs } from "./types/CustomerRefs";
import type { HandlerReport } from "./types/HandlerReport";
import type { HandlerStats } from "./types/HandlerStats";
import type { RefOption } from "./types/RefOption";
import type { ServiceBoard } from "./types/ServiceBoard";
import type { ServiceSettings } from "./types/ServiceSettings";
import type { ServiceTodo } from "./types/ServiceTodo";
import type { SlaClock } from "./types/SlaClock";
import type { SlaState } from "./types/SlaState";
import type { SlaTarget } from "./types/SlaTarget";
import type { SlaTargets } from "./types/SlaTargets";
import type { StatusPriorityCount } from "./types/StatusPriorityCount";
import type { WorkCalendar } from "./types/WorkCalendar";
import type { WorkOrderDetail } from "./types/WorkOrderDetail";
import type { WorkOrderEventRow } from "./types/WorkOrderEventRow";
import type { WorkOrderFilter } from "./types/WorkOrderFilter";
import type { WorkOrderInput } from "./types/WorkOrderInput";
import type { WorkOrderPriority } from "./types/WorkOrderPriority";
import type { WorkOrderQueue } from "./types/WorkOrderQueue";
import type { WorkOrderRow } from "./types/WorkOrderRow";
import type { WorkOrderSort } from "./types/WorkOrderSort";
import type { WorkOrderStatus } from "./types/WorkOrderStatus";

export { ApiError, onLocked, onUnauthenticated } from "./client";
export type {
  CustomerRefs,
  HandlerReport,
  HandlerStats,
  RefOption,
  ServiceBoard,
  ServiceSettings,
  ServiceTodo,
  SlaClock,
  SlaState,
  SlaTarget,
  SlaTargets,
  StatusPriorityCount,
  WorkCalendar,
  WorkOrderDetail,
  WorkOrderEventRow,
  WorkOrderFilter,
  WorkOrderInput,
  WorkOrderPriority,
  WorkOrderQueue,
  WorkOrderRow,
  WorkOrderSort,
  WorkOrderStatus,
  Aging,
  AgingBy,
  AgingRow,
  BuyerInfo,
  ContractMoney,
  ContractReceivables,
  InvoiceInput,
  InvoiceRequestInput,
  InvoiceRequestRow,
  InvoiceRequestStatus,
  InvoiceRow,
  InvoiceStatus,
  PaymentPlanStatus,
  PlanInput,
  PlanRow,
  ReceiptInput,
  ReceiptRow,
  ReceiptStatus,
  ReceivableDoc,
  ReceivableSettings,
  SplitInput,
  AttachmentRow,
  AttachmentUpload,
  CategoryInput,
  CategoryNode,
  ContractFilter,
  ContractInput,
  ContractItemInput,
  ContractItemRow,
  ContractRow,
  ContractSort,
  ContractStatus,
  ContractTotals,
  CollectionFilter,
  FileOut,
  FromQuotationInput,
  KanbanColumn,
  OpportunityFilter,
  OpportunityInput,
  OpportunityRow,
  OpportunitySort,
  OpportunityStatus,
  Pipeline,
  PipelineRow,
  Period,
  PrintKind,
  Duplex,
  Gate,
  PolicyOrigin,
  Printer,
  PrintMethod,
  PrintOptions,
  PrintOutcome,
  PrintSupport,
  UpdateOffer,
  UpdatePolicy,
  UpdateProgress,
  UpdateStatus,
  ProductFilter,
  ProductInput,
  ProductRow,
  ProductSort,
  ProductStatus,
  QuotationFilter,
  QuotationInput,
  QuotationItemInput,
  QuotationItemRow,
  QuotationRow,
  QuotationSort,
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
  SecurityPolicy,
  SessionInput,
  SessionRow,
  SessionUser,
  SetupAdminInput,
  SweepReport,
  TodoBoard,
  TodoCounts,
  TodoPlan,
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
  ...auth,
  search,
  profile,
  users,
  depts,
  roles,
  oplog,
  settings,
  customers,
  sea,
  leads,
  pools,
  contacts,
  followUps,
  todo,
  sessions,
  visits,
  returnVisits,
  categories,
  products,
  stages,
  opportunities,
  quotations,
  contracts,
  receivables,
  reports,
  service,
  marketing,
  files,
  dataio,
  diagnostics,
  update,
};

export {
  activityKeys,
  authKeys,
  contactKeys,
  contractKeys,
  customerKeys,
  dataioKeys,
  deptKeys,
  diagnosticsKeys,
  fileKeys,
  followUpKeys,
  leadKeys,
  marketingKeys,
  oplogKeys,
  opportunityKeys,
  poolKeys,
  productKeys,
  profileKeys,
  quotationKeys,
  receivableKeys,
  roleKeys,
  searchKeys,
  seaKeys,
  reportKeys,
  serviceKeys,
  settingsKeys,
  stageKeys,
  todoKeys,
  updateKeys,
  userKeys,
};
export { invalidate, staleKeys, EFFECTS, type Area } from "./invalidate";
