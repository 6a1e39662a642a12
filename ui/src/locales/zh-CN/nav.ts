// The sidebar.
export default {
  "nav.leads": "线索",
  "nav.customers": "客户",
  "nav.sea": "公海",
  "nav.contacts": "联系人",
  "nav.followUps": "跟进记录",
  "nav.opportunities": "商机",
  "nav.quotations": "报价单",
  "nav.contracts": "合同",
  "nav.products": "产品",
  "nav.admin": "系统管理",
  "nav.settings": "设置",
  "nav.finance": "财务工作台",
  "nav.todo": "待办",
  "nav.aging": "应收账龄",
  "nav.reports": "报表",
  "nav.service": "售后服务",
};
