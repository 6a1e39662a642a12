//! The TypeScript types in ui/src/api/types are generated from the Rust request and
//! response structs (ts-rs). This test regenerates them and fails when the committed
//! files drift. Refresh them with: `UPDATE_TS_TYPES=1 cargo test --test it ts_types`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    macro_rules! export {
        ($($t:ty),+ $(,)?) => { $( <$t as TS>::export_all(&cfg).expect(stringify!($t)); )+ };
    }
    use crm_core::service::*;
    export!(
        crm_core::error::ApiError,
        crm_core::error::Locale,
        crm_core::auth::SessionUser,
        crm_core::auth::permission::PermissionModule,
        crm_core::ipc::AppInfo,
        crm_core::ipc::ProfileInfo,
        crm_core::ipc::MysqlProfileInput,
        crm_core::db::ConnectionCheck,
        crm_core::service::status::DbStatus,
        search::SearchHit,
        user::UserOption,
        Page<user::UserView>,
        Page<oplog::LogEntry>,
        crm_core::db::SchemaState,
        crm_core::db::ConnectFailure,
        crm_core::db::ConnectionProfile,
        Page<customer::CustomerRow>,
        PageReq,
        auth::LoginInput,
        auth::SetupAdminInput,
        auth::ChangePasswordInput,
        customer::CustomerFilter,
        customer::CustomerInput,
        user::UserView,
        user::UserFilter,
        user::UserInput,
        role::RoleView,
        role::RoleInput,
        dept::DeptNode,
        dept::DeptInput,
        numbering::NumberRule,
        numbering::UpdateRule,
        settings::CompanyProfile,
        settings::SecurityPolicy,
        receivable::ContractReceivables,
        marketing::MarketingSettings,
        crm_core::diagnostics::AboutInfo,
        crm_core::diagnostics::BundleSummary,
        crm_core::diagnostics::CrashReport,
        update::UpdatePolicy,
        update::UpdateStatus,
        update::UpdateProgress,
        crm_core::printing::PrintSupport,
        crm_core::printing::PrintOptions,
        crm_core::printing::PrintOutcome,
        marketing::SmsGatewaySettings,
        marketing::GatewayStatus,
        marketing::campaign::TestSend,
        marketing::activity::ActivityRow,
        Page<marketing::activity::ActivityRow>,
        marketing::activity::ActivityInput,
        marketing::activity::ActivityFilter,
        marketing::activity::ActivityOption,
        marketing::activity::Figures,
        marketing::tag::Tag,
        marketing::tag::TagRef,
        marketing::tag::TagInput,
        marketing::tag::TagChange,
        marketing::tag::TagChangeResult,
        marketing::segment::Segment,
        marketing::segment::SegmentInput,
        marketing::segment::SegmentRule,
        marketing::segment::SegmentSample,
        marketing::segment::SegmentPreview,
        marketing::segment::Target,
        marketing::sms_template::Template,
        marketing::sms_template::TemplateInput,
        marketing::sms_template::PreviewRequest,
        marketing::sms_template::Preview,
        marketing::sms_template::Variable,
        marketing::campaign::CampaignInput,
        marketing::campaign::RecipientPreview,
        marketing::campaign::SampleMessage,
        marketing::campaign::CampaignRow,
        Page<marketing::campaign::CampaignRow>,
        marketing::campaign::DetailRow,
        Page<marketing::campaign::DetailRow>,
        marketing::campaign::CampaignProgress,
        marketing::campaign::RunEnd,
        marketing::campaign::OptOut,
        Page<marketing::campaign::OptOut>,
        work_order::WorkOrderRow,
        Page<work_order::WorkOrderRow>,
        work_order::WorkOrderDetail,
        work_order::WorkOrderInput,
        work_order::WorkOrderFilter,
        work_order::ServiceSettings,
        work_order::ServiceBoard,
        work_order::HandlerReport,
        work_order::CustomerRefs,
        work_order::ServiceTodo,
        dashboard::Dashboard,
        dashboard::DashboardLayout,
        stats::StatsQuery,
        target::TargetGrid,
        target::TargetInput,
        target::TargetBasis,
        report::Report,
        import::ImportKind,
        import::ImportOptions,
        import::ImportInspect,
        import::ImportPreview,
        import::ImportProgress,
        import::ImportResult,
        export::ExportKind,
        export::ExportRequest,
        export::ExportProgress,
        export::ExportResult,
        export::ExportColumn,
        backup::BackupOverview,
        backup::BackupSettings,
        backup::BackupCheck,
        backup::RestoreReport,
        transfer::TransferOutcome,
        transfer::TransferProgress,
        transfer::TransferMode,
        transfer::merge::MergeOptions,
        transfer::merge::TransferPlan,
        report::ReportKind,
        receivable::Aging,
        receivable::AgingRow,
        receivable::AgingBy,
        receivable::ReceivableDoc,
        todo::TodoPlan,
        crm_core::ipc::Period,
        contract::ContractTotals,
        contract::CollectionFilter,
        receivable::ContractMoney,
        receivable::PlanRow,
        receivable::PlanInput,
        receivable::SplitInput,
        receivable::ReceiptRow,
        receivable::ReceiptInput,
        receivable::InvoiceRow,
        receivable::InvoiceInput,
        receivable::InvoiceRequestRow,
        receivable::InvoiceRequestInput,
        receivable::BuyerInfo,
        receivable::ReceivableSettings,
        crm_core::entity::enums::ReceiptStatus,
        crm_core::entity::enums::InvoiceRequestStatus,
        crm_core::entity::enums::InvoiceStatus,
        oplog::LogEntry,
        customer::CustomerSummary,
        Page<lead::LeadRow>,
        lead::LeadFilter,
        lead::LeadInput,
        lead_pool::PoolRow,
        lead_pool::PoolInput,
        lead_convert::ConvertInput,
        lead_convert::ConvertResult,
        crm_core::entity::enums::LeadStatus,
        sea_rules::SeaRules,
        sea::SweepReport,
        contact::ContactRow,
        contact::ContactInput,
        contact::ContactFilter,
        Page<contact::ContactListRow>,
        follow_up::FollowUpFilter,
        Page<follow_up::FollowUpRow>,
        follow_up::FollowUpInput,
        follow_up::FollowUpEdit,
        todo::TodoCounts,
        todo::TodoBoard,
        activity::SessionRow,
        activity::SessionInput,
        activity::VisitRow,
        activity::VisitInput,
        activity::ReturnVisitRow,
        activity::ReturnVisitInput,
        activity::ReturnVisitResult,
        crm_core::entity::enums::VisitPlanStatus,
        crm_core::entity::enums::ReturnVisitStatus,
        product::CategoryNode,
        product::CategoryInput,
        Page<product::ProductRow>,
        product::ProductFilter,
        product::ProductInput,
        opportunity::Stage,
        Page<opportunity::OpportunityRow>,
        opportunity::OpportunityFilter,
        opportunity::OpportunityInput,
        opportunity::KanbanColumn,
        opportunity::Pipeline,
        Page<quotation::QuotationRow>,
        quotation::QuotationFilter,
        quotation::QuotationInput,
        Page<contract::ContractRow>,
        contract::ContractFilter,
        contract::ContractInput,
        contract::FromQuotationInput,
        attachment::AttachmentUpload,
        crm_core::ipc::PrintKind,
        crm_core::ipc::FileOut,
        crm_core::entity::enums::OpportunityStatus,
        crm_core::entity::enums::QuotationStatus,
        crm_core::entity::enums::ContractStatus,
        crm_core::entity::enums::ProductStatus,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ts") {
                out.insert(p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn typescript_types_match_rust() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/types");
    let tmp = tempfile::tempdir().unwrap();
    export_all(tmp.path());
    let fresh = read_dir(tmp.path());
    assert!(fresh.len() > 20, "exported {} files", fresh.len());
    if std::env::var("UPDATE_TS_TYPES").is_ok_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&committed_dir);
        std::fs::create_dir_all(&committed_dir).unwrap();
        for (name, body) in &fresh {
            std::fs::write(committed_dir.join(name), body).unwrap();
        }
        return;
    }
    let committed = read_dir(&committed_dir);
    let missing: Vec<&String> = fresh.keys().filter(|k| !committed.contains_key(*k)).collect();
    let stale: Vec<&String> = committed.keys().filter(|k| !fresh.contains_key(*k)).collect();
    let changed: Vec<&String> = fresh.iter().filter(|(k, v)| committed.get(*k).is_some_and(|c| c != *v)).map(|(k, _)| k).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && changed.is_empty(),
        "ui/src/api/types drifted from the Rust types (missing {missing:?}, stale {stale:?}, changed {changed:?}); run UPDATE_TS_TYPES=1 cargo test --test it ts_types"
    );
}
