/** Orders: search and list (/orders), one order with its tickets, payments, refunds and actions (/orders/:orderId). */
import { Route, Switch } from 'wouter';
import { OrderDetail } from './orders/detail';
import { OrderList } from './orders/list';
import { RefundRequestList } from './orders/refund-requests';

export default function OrdersScreen() {
  return (
    <Switch>
      <Route path="/" component={OrderList} />
      <Route path="/refund-requests" component={RefundRequestList} />
      <Route path="/:orderId">{(p) => <OrderDetail orderId={p.orderId} />}</Route>
    </Switch>
  );
}
